package dev.smtpprobe.internal.sasl;

import dev.smtpprobe.AuthCancel;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.ServerProof;
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
 * the password too: {@link #serverProof()}.
 *
 * <p>The exchange: client-first {@code n,,n=<user>,r=<nonce>} (the initial response); the server-first
 * {@code r=,s=,i=} challenge is answered with client-final {@code c=biws,r=<nonce>,p=<proof>}; the server-final
 * {@code v=<signature>} challenge is checked and answered with an empty response (RFC 4954 sends SCRAM's final
 * server message as a {@code 334}, since a {@code 235} carries no data). If the server replies {@code 235} without
 * sending {@code v=}, the server accepted the client but {@link #serverProof()} is {@link ServerProof#NOT_SENT}: the
 * server was not authenticated.
 *
 * <p>Checks on the server's messages, each of which cancels: a mandatory extension ({@code m=}); a nonce that
 * does not extend ours or has characters outside printable ASCII or a comma; a missing or invalid salt; an
 * iteration count that is not a positive decimal; an iteration count above the limit
 * ({@link #limitIterations(int)}, from {@link ProbeOptions#maxScramIterations()}: the count is the server's choice
 * and the client's CPU pays for it, so above the limit nothing is computed); a server signature that does not
 * match; an {@code e=} error (kept for {@link #serverError()}); any challenge out of turn. Each cancel records why
 * ({@link #cancellation()}).
 *
 * <p>User name and password are prepared with {@link SaslPrep} (see there for the subset implemented); in the
 * user name {@code =} and {@code ,} are escaped as {@code =3D} and {@code =2C}. The nonce is 24 bytes from
 * {@link SecureRandom}, base64.
 *
 * <p><b>Initial response.</b> The SMTP layer calls {@link #initialResponse()} only when it actually sends it. If
 * it never does, the first <em>empty</em> challenge is answered with the client-first message (RFC 4954 §4).
 */
public final class ScramSha256 implements BuiltInMechanism {

    private static final String GS2_HEADER = "n,,";
    private static final String CHANNEL_BINDING =
            Base64.getEncoder().encodeToString(GS2_HEADER.getBytes(StandardCharsets.US_ASCII));
    private static final SecureRandom RANDOM = new SecureRandom();

    private enum State { START, CLIENT_FIRST_SENT, CLIENT_FINAL_SENT, DONE }

    private final byte[] password;
    private final String clientNonce;
    private final String clientFirstBare;
    private State state = State.START;
    private int maxIterations = ProbeOptions.DEFAULT_MAX_SCRAM_ITERATIONS;
    private byte[] expectedServerSignature;
    private ServerProof serverProof = ServerProof.NOT_SENT;
    private String serverError;
    private AuthCancel cancellation;

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

    /**
     * The largest iteration count this client computes; a server asking for more is refused before any work
     * (cancelled with {@link AuthCancel.Reason#ITERATION_COUNT_OVER_LIMIT}). Default
     * {@value ProbeOptions#DEFAULT_MAX_SCRAM_ITERATIONS}; the session sets it from
     * {@link ProbeOptions#maxScramIterations()}.
     *
     * @throws IllegalArgumentException if {@code max} is below 1
     */
    public void limitIterations(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxScramIterations must be at least 1");
        }
        this.maxIterations = max;
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
            return cancel("no challenge");
        }
        switch (state) {
            case START:
                if (challenge.length != 0) {
                    return cancel("a server-first message before the client-first message was sent");
                }
                state = State.CLIENT_FIRST_SENT;
                return Optional.of(clientFirst());
            case CLIENT_FIRST_SENT:
                return onServerFirst(challenge);
            case CLIENT_FINAL_SENT:
                return onServerFinal(challenge);
            default:
                return cancel("a challenge after the exchange was over");
        }
    }

    private Optional<byte[]> onServerFirst(byte[] challenge) {
        String serverFirst = SaslSupport.text(challenge);
        String[] attributes = serverFirst.split(",", -1);
        if (attributes.length < 3) {
            if (attributes[0].startsWith("e=")) {
                serverError = attributes[0].substring(2);
                return cancel("the server sent an error (e=) instead of its server-first message");
            }
            return cancel("a server-first message without nonce, salt and iteration count");
        }
        // server-first-message = [reserved-mext ","] nonce "," salt "," iteration-count ["," extensions]
        String nonce = value(attributes[0], 'r');
        String salt = value(attributes[1], 's');
        String iterations = value(attributes[2], 'i');
        if (nonce == null || salt == null || iterations == null) {
            // includes m= first (a mandatory extension we cannot support) and e=
            return cancel("a server-first message that is not r=,s=,i= in this order");
        }
        if (nonce.length() <= clientNonce.length() || !nonce.startsWith(clientNonce) || !isNonceText(nonce)) {
            return cancel("a server nonce that does not extend the client's nonce");
        }
        byte[] saltBytes = base64(salt);
        if (saltBytes == null || saltBytes.length == 0) {
            return cancel("a missing or invalid salt");
        }
        long count = parseIterations(iterations);
        if (count < 1) {
            return cancel("an iteration count that is not a positive decimal number");
        }
        if (count > maxIterations) {
            return cancel(new AuthCancel(AuthCancel.Reason.ITERATION_COUNT_OVER_LIMIT, "SCRAM iteration count "
                    + (count == Long.MAX_VALUE ? iterations.length() + "-digit" : Long.toString(count))
                    + " is above the limit of " + maxIterations
                    + " (ProbeOptions.Builder.maxScramIterations); nothing was computed"));
        }

        byte[] saltedPassword = hi(password, saltBytes, (int) count);
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
            return cancel("the server sent an error (e=) instead of its signature");
        }
        String verifier = value(first, 'v');
        if (verifier == null) {
            return cancel("a server-final message without a signature (v=)");
        }
        byte[] signature = base64(verifier);
        if (signature == null || !MessageDigest.isEqual(signature, expectedServerSignature)) {
            serverProof = ServerProof.MISMATCHED;
            return cancel(new AuthCancel(AuthCancel.Reason.SERVER_PROOF_MISMATCH, "the server's signature (v=)"
                    + " does not match: the server did not prove that it knows the password"));
        }
        serverProof = ServerProof.VERIFIED;
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

    /**
     * A decimal of digits only: its value, {@link Long#MAX_VALUE} for one too long to be an {@code int} (surely over
     * any limit), or -1 when it is empty, zero or not digits.
     */
    private static long parseIterations(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n >= Integer.MAX_VALUE ? n : n * 10 + (c - '0');
        }
        if (n == 0) {
            return -1;
        }
        return n > Integer.MAX_VALUE ? Long.MAX_VALUE : n;
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

    private Optional<byte[]> cancel(String why) {
        return cancel(new AuthCancel(AuthCancel.Reason.MECHANISM_REFUSED, "SCRAM-SHA-256: " + why));
    }

    private Optional<byte[]> cancel(AuthCancel why) {
        state = State.DONE;
        cancellation = why;
        return Optional.empty();
    }

    /** Whether the server's final message proved that it knows the password. */
    public boolean serverVerified() {
        return serverProof == ServerProof.VERIFIED;
    }

    /**
     * {@link ServerProof#VERIFIED} after a matching {@code v=}, {@link ServerProof#MISMATCHED} after a wrong one,
     * otherwise {@link ServerProof#NOT_SENT}.
     */
    @Override
    public ServerProof serverProof() {
        return serverProof;
    }

    @Override
    public Optional<AuthCancel> cancellation() {
        return Optional.ofNullable(cancellation);
    }

    /** The server's {@code e=} error (RFC 5802 §7 server-error-value), if it sent one. */
    public Optional<String> serverError() {
        return Optional.ofNullable(serverError);
    }

    @Override
    public String toString() {
        return "SCRAM-SHA-256 mechanism (" + state + ", server proof: " + serverProof
                + ", credentials redacted)";
    }
}
