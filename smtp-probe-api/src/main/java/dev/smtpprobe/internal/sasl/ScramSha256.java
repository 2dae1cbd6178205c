package dev.smtpprobe.internal.sasl;

import dev.smtpprobe.SaslMechanism;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;

/**
 * {@code SCRAM-SHA-256} (RFC 5802 with RFC 7677's hash), without channel binding: the GS2 header is {@code n,,}
 * (this client does not support channel binding, so it cannot be downgraded from it either) and there is no
 * authorization identity. The password is never sent, and the server proves in its final message that it knows
 * the password too: {@link #serverVerified()}.
 *
 * <p>The exchange: client-first {@code n,,n=<user>,r=<nonce>} (the initial response); the server-first
 * {@code r=,s=,i=} challenge is answered with client-final {@code c=biws,r=<nonce>,p=<proof>}; the server-final
 * {@code v=<signature>} challenge is checked and answered with an empty response (RFC 4954 sends SCRAM's final
 * server message as a {@code 334}, since a {@code 235} carries no data). If the server replies {@code 235} without
 * sending {@code v=}, the exchange succeeded but {@link #serverVerified()} stays {@code false}: the server was not
 * authenticated.
 *
 * <p>Checks on the server's messages, each of which cancels: a mandatory extension ({@code m=}); a nonce that
 * does not extend ours or has characters outside printable ASCII or a comma; a missing or invalid salt; an
 * iteration count that is not 1 to {@value #MAX_ITERATIONS} (more would let a server make the client burn CPU;
 * RFC 7677 recommends at least 4096 but servers are free to use fewer); a server signature that does not match;
 * an {@code e=} error (kept for {@link #serverError()}); any challenge out of turn.
 *
 * <p>User name and password are prepared with {@link SaslPrep} (see there for the subset implemented); in the
 * user name {@code =} and {@code ,} are escaped as {@code =3D} and {@code =2C}. The nonce is 24 bytes from
 * {@link SecureRandom}, base64.
 *
 * <p><b>Initial response.</b> The SMTP layer calls {@link #initialResponse()} only when it actually sends it. If
 * it never does, the first <em>empty</em> challenge is answered with the client-first message (RFC 4954 §4).
 */
public final class ScramSha256 implements SaslMechanism {

    /** The largest iteration count accepted from a server. */
    static final int MAX_ITERATIONS = 10_000_000;

    private static final String GS2_HEADER = "n,,";
    private static final String CHANNEL_BINDING =
            Base64.getEncoder().encodeToString(GS2_HEADER.getBytes(StandardCharsets.US_ASCII));
    private static final SecureRandom RANDOM = new SecureRandom();

    private enum State { START, CLIENT_FIRST_SENT, CLIENT_FINAL_SENT, DONE }

    private final byte[] password;
    private final String clientNonce;
    private final String clientFirstBare;
    private State state = State.START;
    private byte[] expectedServerSignature;
    private boolean serverVerified;
    private String serverError;

    /** @throws IllegalArgumentException if SASLprep prohibits a character of the user name or the password */
    public ScramSha256(String user, String password) {
        this(user, password, newNonce());
    }

    /** With a fixed client nonce, for tests. */
    ScramSha256(String user, String password, String clientNonce) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(clientNonce, "clientNonce");
        if (clientNonce.isEmpty() || !isNonceText(clientNonce)) {
            throw new IllegalArgumentException("SCRAM: the client nonce must be printable ASCII without a comma");
        }
        String preparedUser = SaslPrep.prepare(user, "user name");
        this.password = SaslSupport.utf8(SaslPrep.prepare(password, "password"));
        this.clientNonce = clientNonce;
        this.clientFirstBare = "n=" + escapeUser(preparedUser) + ",r=" + clientNonce;
    }

    private static String newNonce() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** RFC 5802 §5.1: {@code =} becomes {@code =3D} and {@code ,} becomes {@code =2C}. */
    static String escapeUser(String user) {
        return user.replace("=", "=3D").replace(",", "=2C");
    }

    @Override
    public String name() {
        return "SCRAM-SHA-256";
    }

    @Override
    public boolean revealsSecret() {
        return false;
    }

    @Override
    public Optional<byte[]> initialResponse() {
        if (state != State.START && state != State.CLIENT_FIRST_SENT) {
            return Optional.empty();
        }
        state = State.CLIENT_FIRST_SENT;
        return Optional.of(clientFirst());
    }

    private byte[] clientFirst() {
        return SaslSupport.utf8(GS2_HEADER + clientFirstBare);
    }

    @Override
    public Optional<byte[]> respond(byte[] challenge) {
        if (challenge == null) {
            return cancel();
        }
        switch (state) {
            case START:
                if (challenge.length != 0) {
                    return cancel();
                }
                state = State.CLIENT_FIRST_SENT;
                return Optional.of(clientFirst());
            case CLIENT_FIRST_SENT:
                return onServerFirst(challenge);
            case CLIENT_FINAL_SENT:
                return onServerFinal(challenge);
            default:
                return cancel();
        }
    }

    private Optional<byte[]> onServerFirst(byte[] challenge) {
        String serverFirst = SaslSupport.text(challenge);
        String[] attributes = serverFirst.split(",", -1);
        if (attributes.length < 3) {
            if (attributes[0].startsWith("e=")) {
                serverError = attributes[0].substring(2);
            }
            return cancel();
        }
        // server-first-message = [reserved-mext ","] nonce "," salt "," iteration-count ["," extensions]
        String nonce = value(attributes[0], 'r');
        String salt = value(attributes[1], 's');
        String iterations = value(attributes[2], 'i');
        if (nonce == null || salt == null || iterations == null) {
            return cancel(); // includes m= first (a mandatory extension we cannot support) and e=
        }
        if (nonce.length() <= clientNonce.length() || !nonce.startsWith(clientNonce) || !isNonceText(nonce)) {
            return cancel();
        }
        byte[] saltBytes = base64(salt);
        int count = parseIterations(iterations);
        if (saltBytes == null || saltBytes.length == 0 || count < 1) {
            return cancel();
        }

        byte[] saltedPassword = hi(password, saltBytes, count);
        byte[] clientKey = SaslSupport.hmac("HmacSHA256", saltedPassword, ascii("Client Key"));
        byte[] storedKey = SaslSupport.digest("SHA-256", clientKey);
        String clientFinalWithoutProof = "c=" + CHANNEL_BINDING + ",r=" + nonce;
        byte[] authMessage = SaslSupport.utf8(clientFirstBare + "," + serverFirst + "," + clientFinalWithoutProof);
        byte[] clientSignature = SaslSupport.hmac("HmacSHA256", storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
        }
        byte[] serverKey = SaslSupport.hmac("HmacSHA256", saltedPassword, ascii("Server Key"));
        expectedServerSignature = SaslSupport.hmac("HmacSHA256", serverKey, authMessage);
        Arrays.fill(saltedPassword, (byte) 0);
        Arrays.fill(clientKey, (byte) 0);

        state = State.CLIENT_FINAL_SENT;
        return Optional.of(SaslSupport.utf8(
                clientFinalWithoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)));
    }

    private Optional<byte[]> onServerFinal(byte[] challenge) {
        String serverFinal = SaslSupport.text(challenge);
        int comma = serverFinal.indexOf(',');
        String first = comma < 0 ? serverFinal : serverFinal.substring(0, comma); // extensions may follow
        if (first.startsWith("e=")) {
            serverError = first.substring(2);
            return cancel();
        }
        String verifier = value(first, 'v');
        if (verifier == null) {
            return cancel();
        }
        byte[] signature = base64(verifier);
        if (signature == null || !MessageDigest.isEqual(signature, expectedServerSignature)) {
            return cancel();
        }
        serverVerified = true;
        state = State.DONE;
        return Optional.of(new byte[0]);
    }

    /** The value of {@code name=value}, or null when the attribute has another name. */
    private static String value(String attribute, char name) {
        if (attribute.length() < 2 || attribute.charAt(0) != name || attribute.charAt(1) != '=') {
            return null;
        }
        return attribute.substring(2);
    }

    /** RFC 5802's base64: padded to a multiple of 4; null when it is not valid. */
    private static byte[] base64(String text) {
        if (text.length() % 4 != 0) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A positive decimal within bounds, else -1. */
    private static int parseIterations(String text) {
        if (text.isEmpty() || text.length() > 10) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n >= 1 && n <= MAX_ITERATIONS ? (int) n : -1;
    }

    /** RFC 5802 printable: %x21-2B / %x2D-7E. */
    private static boolean isNonceText(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e || c == ',') {
                return false;
            }
        }
        return true;
    }

    /** RFC 5802 §2.2 Hi(): PBKDF2 with HMAC-SHA-256 and a single output block. */
    static byte[] hi(byte[] password, byte[] salt, int iterations) {
        Mac mac = SaslSupport.mac("HmacSHA256", password);
        mac.update(salt);
        byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private Optional<byte[]> cancel() {
        state = State.DONE;
        return Optional.empty();
    }

    /** Whether the server's final message proved that it knows the password. */
    public boolean serverVerified() {
        return serverVerified;
    }

    /** The server's {@code e=} error (RFC 5802 §7 server-error-value), if it sent one. */
    public Optional<String> serverError() {
        return Optional.ofNullable(serverError);
    }

    @Override
    public String toString() {
        return "SCRAM-SHA-256 mechanism (" + state + ", server verified: " + serverVerified
                + ", credentials redacted)";
    }
}
