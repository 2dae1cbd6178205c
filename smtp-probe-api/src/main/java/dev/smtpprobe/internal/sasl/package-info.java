/**
 * The client side of the SASL mechanisms smtp-probe ships for {@code AUTH} (RFC 4954), reached through
 * {@link dev.smtpprobe.Sasl}. JDK only: {@code javax.crypto}, {@code java.security}, {@code java.util.Base64}, and
 * an MD4 of our own ({@link dev.smtpprobe.internal.sasl.Md4}) because the JDK's default providers have none.
 *
 * <h2>Rules every mechanism here follows</h2>
 * <ul>
 *   <li><b>Initial responses.</b> The SMTP layer calls {@code initialResponse()} only when it actually sends the
 *       result (on the {@code AUTH} line, or itself at the first empty {@code 334}). If it never calls it, the
 *       mechanism answers the first <em>empty</em> challenge with the initial response instead (RFC 4954 §4: a
 *       server asks for an initial response that was not sent with an empty {@code 334}). Once consumed, an empty
 *       challenge is unexpected and cancels.</li>
 *   <li><b>Hostile input.</b> {@code respond()} never throws on what a server sends: a malformed, truncated,
 *       out-of-range or unexpected challenge returns {@link java.util.Optional#empty()}, which the SMTP layer
 *       turns into {@code *} (cancel). After a cancel the instance stays cancelled.</li>
 *   <li><b>Secrets.</b> No {@code toString()} and no exception message contains a password, token or derived
 *       key. Instances are single-use and not thread-safe: one per AUTH exchange.</li>
 * </ul>
 */
package dev.smtpprobe.internal.sasl;
