package dev.smtpprobe.examples.cli;

import dev.smtpprobe.AuthResult;
import dev.smtpprobe.Hello;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The SASL mechanism of {@code --auth}, by its registered name, or ANY for the strongest one the server offers. */
public enum AuthType {
    /** RFC 4616; reveals the password. */
    PLAIN("PLAIN"),
    /** draft-murchison-sasl-login; reveals the password. */
    LOGIN("LOGIN"),
    /** RFC 2195. */
    CRAM_MD5("CRAM-MD5"),
    /** RFC 7677. */
    SCRAM_SHA_256("SCRAM-SHA-256"),
    /** OAuth 2.0 bearer token as the password; reveals it. */
    XOAUTH2("XOAUTH2"),
    /** NTLMv2; the user may be written {@code DOMAIN\\user}. */
    NTLM("NTLM"),
    /**
     * {@code AUTH NTLM} with weak NTLMv1 responses, for servers that take nothing else (Exim's spa); only inside TLS
     * unless {@code --auth-plaintext}; the user may be written {@code DOMAIN\\user}.
     */
    NTLMV1("NTLMv1"),
    /** The strongest offered of SCRAM-SHA-256, CRAM-MD5, PLAIN, LOGIN (PLAIN and LOGIN only where allowed). */
    ANY("any");

    private final String label;

    AuthType(String label) {
        this.label = label;
    }

    /** The name as written on the command line; on the wire too, except NTLMv1's ({@code AUTH NTLM}). */
    public String label() {
        return label;
    }

    /** Runs AUTH with this mechanism on {@code hello}. */
    AuthResult authenticate(Hello hello, String user, String password) {
        return switch (this) {
            case PLAIN -> hello.authPlain(user, password);
            case LOGIN -> hello.authLogin(user, password);
            case CRAM_MD5 -> hello.authCramMd5(user, password);
            case SCRAM_SHA_256 -> hello.authScramSha256(user, password);
            case XOAUTH2 -> hello.authXoauth2(user, password);
            case NTLM -> {
                int slash = user.indexOf('\\');
                yield slash < 0 ? hello.authNtlm("", user, password)
                        : hello.authNtlm(user.substring(0, slash), user.substring(slash + 1), password);
            }
            case NTLMV1 -> {
                int slash = user.indexOf('\\');
                yield slash < 0 ? hello.authNtlmV1("", user, password)
                        : hello.authNtlmV1(user.substring(0, slash), user.substring(slash + 1), password);
            }
            case ANY -> hello.auth(user, password);
        };
    }

    /** Parses a label, ignoring case ({@code cram-md5}, {@code ANY}). */
    public static AuthType parse(String text) {
        for (AuthType t : values()) {
            if (t.label.equalsIgnoreCase(text)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown AUTH type '" + text + "'; one of " + String.join(", ", labels()));
    }

    private static Iterable<String> labels() {
        return Arrays.stream(values()).map(AuthType::label).toList();
    }

    @Override
    public String toString() {
        return label;
    }

    /** picocli's converter for {@code --auth}. */
    static final class Converter implements ITypeConverter<AuthType> {
        @Override
        public AuthType convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The labels for help and shell completion. */
    static final class Candidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return labels().iterator();
        }
    }
}
