package dev.smtpprobe.examples.cli;

import dev.smtpprobe.Capabilities;
import dev.smtpprobe.MailParameters;
import dev.smtpprobe.RcptParameters;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The ESMTP parameters one run asks for, checked by {@link PlanBuilder}: {@code SIZE} (RFC 1870), {@code BODY}
 * (RFC 6152, RFC 3030), the message sent with {@code BDAT} (CHUNKING, RFC 3030), the DSN parameters (RFC 3461), and
 * {@code SMTPUTF8} (RFC 6531), which no option asks for: it is used when an envelope address is not ASCII.
 *
 * <p>Each needs the server to offer its extension. {@link #missing} says, after the last EHLO and before MAIL, which
 * one the server does not offer; the run then sends nothing of the transaction (exit code 1): a parameter the server
 * did not announce is never sent, and a transaction without the parameter asked for would not be the one asked for.
 *
 * @param declareSize whether MAIL declares {@code SIZE=} ({@code --size})
 * @param size        the size to declare as told ({@code --size OCTETS}); empty: the size of the message sent
 * @param body        the {@code BODY=} type ({@code --body-type})
 * @param bdat        whether the message goes with BDAT ({@code --bdat}, {@code --chunk-size}, or BINARYMIME)
 * @param chunkSize   the octets of each BDAT chunk but the last
 * @param dsnNotify   {@code NOTIFY=} of every RCPT ({@code --dsn-notify}); empty: none
 * @param ret         {@code RET=} ({@code --dsn-ret})
 * @param envId       {@code ENVID=} ({@code --dsn-envid})
 * @param orcptOwn    whether every RCPT carries {@code ORCPT=rfc822;} with its own address ({@code --dsn-orcpt})
 * @param orcpt       the {@code ORCPT} address of the one RCPT ({@code --dsn-orcpt ADDR})
 */
public record EsmtpChoices(boolean declareSize, OptionalLong size, Optional<MailParameters.Body> body, boolean bdat,
        int chunkSize, Set<RcptParameters.Notify> dsnNotify, Optional<MailParameters.Ret> ret, Optional<String> envId,
        boolean orcptOwn, Optional<String> orcpt) {

    /** The BDAT chunk size when {@code --chunk-size} is not given: 64 KiB, the library's content block. */
    public static final int DEFAULT_CHUNK_SIZE = 65536;

    /** No ESMTP parameter, the message with DATA. */
    public static final EsmtpChoices NONE = new EsmtpChoices(false, OptionalLong.empty(), Optional.empty(), false,
            DEFAULT_CHUNK_SIZE, Set.of(), Optional.empty(), Optional.empty(), false, Optional.empty());

    /** Copies the set, checks for nulls, and that BINARYMIME goes with BDAT and the chunk size is positive. */
    public EsmtpChoices {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(body, "body");
        dsnNotify = dsnNotify.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(dsnNotify));
        Objects.requireNonNull(ret, "ret");
        Objects.requireNonNull(envId, "envId");
        Objects.requireNonNull(orcpt, "orcpt");
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be >= 1");
        }
        if (body.filter(b -> b == MailParameters.Body.BINARYMIME).isPresent() && !bdat) {
            throw new IllegalArgumentException("BODY=BINARYMIME goes only with BDAT (RFC 3030 section 3)");
        }
    }

    /** Whether any DSN parameter (RFC 3461) is asked for. */
    public boolean dsn() {
        return !dsnNotify.isEmpty() || ret.isPresent() || envId.isPresent() || orcptOwn || orcpt.isPresent();
    }

    /** Whether the declared size is sent as told, without the library's check against the server's limit. */
    public boolean sizeAsTold() {
        return declareSize && size.isPresent();
    }

    /** Whether {@code address} needs SMTPUTF8: it holds a character that is not ASCII (RFC 6531 section 3.3). */
    public static boolean needsSmtpUtf8(String address) {
        return address.chars().anyMatch(c -> c > 0x7f);
    }

    /**
     * What the server lacks for this transaction, if anything: the extension an option (or, for SMTPUTF8, an
     * address) needs and the last EHLO did not list.
     *
     * @param offered   the capabilities of the last EHLO (inside TLS when TLS is in use)
     * @param addresses the envelope sender and recipients
     */
    public Optional<String> missing(Capabilities offered, List<String> addresses) {
        var problems = new ArrayList<String>();
        addresses.stream().filter(EsmtpChoices::needsSmtpUtf8).findFirst().filter(a -> !offered.supportsSmtpUtf8())
                .ifPresent(a -> problems.add(a + " is not ASCII and needs SMTPUTF8 (RFC 6531)"));
        if (declareSize && !offered.supports("SIZE")) {
            problems.add("--size needs SIZE (RFC 1870)");
        }
        body.ifPresent(b -> {
            if (b == MailParameters.Body.BINARYMIME) {
                if (!offered.supportsBinaryMime()) {
                    problems.add("--body-type BINARYMIME needs BINARYMIME (RFC 3030)");
                }
            } else if (!offered.supports8BitMime()) {
                problems.add("--body-type " + b.keyword() + " needs 8BITMIME (RFC 6152)");
            }
        });
        if (bdat && !offered.supportsChunking()) {
            problems.add((body.filter(b -> b == MailParameters.Body.BINARYMIME).isPresent() ? "BINARYMIME's BDAT"
                    : "BDAT (--bdat, --chunk-size)") + " needs CHUNKING (RFC 3030)");
        }
        if (dsn() && !offered.supportsDsn()) {
            problems.add(dsnOptions() + " needs DSN (RFC 3461)");
        }
        return problems.isEmpty() ? Optional.empty()
                : Optional.of(String.join("; ", problems) + ", which the server does not offer");
    }

    private String dsnOptions() {
        var names = new ArrayList<String>();
        if (!dsnNotify.isEmpty()) {
            names.add("--dsn-notify");
        }
        if (ret.isPresent()) {
            names.add("--dsn-ret");
        }
        if (envId.isPresent()) {
            names.add("--dsn-envid");
        }
        if (orcptOwn || orcpt.isPresent()) {
            names.add("--dsn-orcpt");
        }
        return String.join(", ", names);
    }

    /**
     * The parameters of MAIL FROM.
     *
     * @param contentSize the octets of the message as sent (CRLF line ends, without dot-stuffing)
     * @param smtpUtf8    whether the transaction uses SMTPUTF8 (an address is not ASCII)
     */
    public MailParameters mail(long contentSize, boolean smtpUtf8) {
        return mail(contentSize, smtpUtf8, false);
    }

    /** The same, with PRDR (draft-hall-prdr-00) when {@code prdr} ({@code --prdr}). */
    public MailParameters mail(long contentSize, boolean smtpUtf8, boolean prdr) {
        var b = MailParameters.builder();
        if (prdr) {
            b.prdr();
        }
        if (declareSize) {
            b.size(size.orElse(contentSize));
        }
        body.ifPresent(b::body);
        if (smtpUtf8) {
            b.smtpUtf8();
        }
        ret.ifPresent(b::ret);
        envId.ifPresent(b::envId);
        return b.build();
    }

    /** The parameters of the RCPT TO of {@code address}. */
    public RcptParameters rcpt(String address) {
        var b = RcptParameters.builder();
        if (!dsnNotify.isEmpty()) {
            var all = EnumSet.copyOf(dsnNotify);
            var first = all.iterator().next();
            all.remove(first);
            b.notify(first, all.toArray(new RcptParameters.Notify[0]));
        }
        if (orcptOwn) {
            b.originalRecipient(address);
        }
        orcpt.ifPresent(b::originalRecipient);
        return b.build();
    }
}
