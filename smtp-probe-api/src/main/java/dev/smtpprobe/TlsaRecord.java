package dev.smtpprobe;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One TLSA record (RFC 6698 §2.1): which certificate of the server's chain it pins and how.
 *
 * @param usage        certificate usage: 0 PKIX-TA, 1 PKIX-EE (unusable for SMTP, RFC 7672 §3.1.3), 2 DANE-TA
 *                     (a trust anchor of the chain), 3 DANE-EE (the server's own certificate or key)
 * @param selector     0 the whole certificate (DER), 1 its SubjectPublicKeyInfo (DER)
 * @param matchingType 0 the selected data itself, 1 its SHA-256, 2 its SHA-512
 * @param data         the certificate association data (copied in and out)
 */
public record TlsaRecord(int usage, int selector, int matchingType, byte[] data) {

    /** DANE-TA (RFC 7218 §2.1). */
    public static final int DANE_TA = 2;
    /** DANE-EE (RFC 7218 §2.1). */
    public static final int DANE_EE = 3;

    /** Checks the fields are octets and copies the data. */
    public TlsaRecord {
        for (int field : new int[] {usage, selector, matchingType}) {
            if (field < 0 || field > 255) {
                throw new IllegalArgumentException("TLSA fields are octets, not " + field);
            }
        }
        data = Objects.requireNonNull(data, "data").clone();
    }

    /** A copy of the association data. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /**
     * Whether an SMTP client can use it (RFC 7672 §3.1): usage DANE-TA or DANE-EE, selector 0 or 1, matching type
     * 0, 1 or 2. Others are ignored by senders.
     */
    public boolean isUsableForSmtp() {
        return (usage == DANE_TA || usage == DANE_EE) && selector <= 1 && matchingType <= 2;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TlsaRecord t && usage == t.usage && selector == t.selector
                && matchingType == t.matchingType && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(usage, selector, matchingType, Arrays.hashCode(data));
    }

    /** The presentation form, e.g. {@code 3 1 1 7f83b1...} (RFC 6698 §2.2). */
    @Override
    public String toString() {
        return usage + " " + selector + " " + matchingType + " " + HexFormat.of().formatHex(data);
    }
}
