/**
 * Hold an SMTP conversation from code, step by step, and get every server reply back as a typed value
 * (RFC 5321). A negative reply is data — a {@link dev.smtpprobe.Reply} whose code says 550 — never an exception;
 * only a broken conversation throws a {@link dev.smtpprobe.ProbeException}.
 *
 * <h2>Entry points</h2>
 * <ul>
 *   <li>{@link dev.smtpprobe.Probe}: {@code Probe.connect(host)} on a shared default client, {@code Probe.mx(domain)},
 *       {@code Probe.client(...)} for a client of your own.</li>
 *   <li>{@link dev.smtpprobe.ProbeClient}: opens sessions and looks up MX, addresses and reverse DNS; configured with
 *       {@link dev.smtpprobe.ClientOptions} (I/O threads, DNS resolver — shared by all its sessions) and
 *       {@link dev.smtpprobe.ProbeOptions} (per session: {@link dev.smtpprobe.Timeouts}, {@link dev.smtpprobe.TlsOptions},
 *       limits, transcript listener).</li>
 *   <li>The stages follow the SMTP state machine: {@link dev.smtpprobe.SmtpSession} (greeting) →
 *       {@link dev.smtpprobe.Hello} (EHLO/HELO, {@link dev.smtpprobe.Capabilities}) →
 *       {@link dev.smtpprobe.Transaction} (MAIL, RCPT) → {@link dev.smtpprobe.DataResult} (DATA/BDAT, queue id);
 *       {@link dev.smtpprobe.TlsStarted} after STARTTLS, {@link dev.smtpprobe.AuthResult} after AUTH. Every step has a
 *       blocking form and a {@code CompletableFuture} form ({@code ...Async}).</li>
 *   <li>{@link dev.smtpprobe.Transcript}: every line sent and received, secrets redacted.</li>
 * </ul>
 *
 * <p>Mail-flow checks are in {@link dev.smtpprobe.check}, AssertJ assertions for tests in
 * {@link dev.smtpprobe.assertj}. The transport that moves the bytes comes from the artifact
 * {@code dev.smtpprobe:smtp-probe-netty}, found through {@link java.util.ServiceLoader}.
 *
 * <h2>Standards</h2>
 * RFC 5321 (SMTP), RFC 3207 (STARTTLS), RFC 8314 (implicit TLS), RFC 6125 (certificate names), RFC 4954 (AUTH) with
 * RFC 4616 (PLAIN), RFC 2195 (CRAM-MD5), RFC 5802/7677 (SCRAM-SHA-256), RFC 2920 (PIPELINING), RFC 3030 (CHUNKING,
 * BINARYMIME), RFC 1870 (SIZE), RFC 6152 (8BITMIME), RFC 3461 (DSN), RFC 6531 (SMTPUTF8), RFC 2034 and RFC 3463
 * (enhanced status codes), RFC 7505 (null MX).
 */
package dev.smtpprobe;
