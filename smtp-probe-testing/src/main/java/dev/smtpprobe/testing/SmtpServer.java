package dev.smtpprobe.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Configures a {@link FakeSmtpServer} parameter that {@link TestServersExtension} starts for a test method (or a
 * constructor / lifecycle method) and stops after it. Without this annotation the parameter gets the defaults.
 *
 * <pre>{@code
 * @Test
 * void relayIsRefused(@SmtpServer(chunking = true) FakeSmtpServer server) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface SmtpServer {

    /** The name in the greeting and the EHLO reply. */
    String hostName() default "fake.smtp-probe.test";

    /** Whether EHLO offers PIPELINING (RFC 2920). */
    boolean pipelining() default true;

    /** Whether EHLO offers CHUNKING and BDAT is served (RFC 3030). */
    boolean chunking() default false;

    /** Whether EHLO offers SMTPUTF8 (RFC 6531). */
    boolean smtputf8() default false;

    /**
     * Whether the server offers STARTTLS (RFC 3207) with a certificate for 127.0.0.1 issued for this test; a
     * {@link ServerCertificate} parameter of the same method gets that certificate, to hand its trust to the client.
     */
    boolean startTls() default false;

    /** Whether the server speaks TLS from the first byte (RFC 8314), with the same certificate as {@link #startTls()}. */
    boolean implicitTls() default false;

    /** AUTH users as {@code "name:password"} (AUTH PLAIN and LOGIN, RFC 4954). */
    String[] users() default {};

    /**
     * Whether the server is the {@link ExchangeProfile#seed() Exchange-like server} of the seed walkthrough instead
     * of the default one. Then only {@link #startTls()} and {@link #users()} apply (STARTTLS with AUTH inside TLS for
     * the first user; both or neither), the other switches are the profile's.
     */
    boolean exchange() default false;
}
