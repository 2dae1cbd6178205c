/**
 * AssertJ assertions for SMTP replies, session stages, EHLO capabilities and transcripts, for tests of your own
 * mail server (Postfix, Exchange, your MTA):
 *
 * <pre>{@code
 * import static dev.smtpprobe.assertj.SmtpAssertions.assertThat;
 *
 * assertThat(hello.mailFrom("probe@example.test").rcptTo("x@elsewhere.test"))
 *         .isPermanentFailure()
 *         .hasEnhancedStatus("5.7.1");
 * assertThat(session).exchange(Step.MAIL).isPositive();          // the session's last MAIL FROM
 * assertThat(session).exchange("RCPT TO:<x@elsewhere.test>").hasCode(550);
 * }</pre>
 *
 * <p>Every reply check names the command it judges as it was sent, read from the session's
 * {@linkplain dev.smtpprobe.Exchange exchanges} ("Expecting the reply to RCPT TO:&lt;x@elsewhere.test&gt; to be
 * positive"). A failure tells the story without a debugger: what was expected, the reply the server gave (code, RFC 3463
 * enhanced status with its IANA title, every text line) and, when the reply came from a session stage, the
 * whole session transcript. {@link dev.smtpprobe.assertj.SmtpSoftAssertions} collects several failures instead
 * of stopping at the first.
 *
 * <p>AssertJ ({@code org.assertj:assertj-core}) is an optional dependency of {@code smtp-probe-api}: add it to
 * your test class path to use this package; nothing else in smtp-probe refers to it.
 */
package dev.smtpprobe.assertj;
