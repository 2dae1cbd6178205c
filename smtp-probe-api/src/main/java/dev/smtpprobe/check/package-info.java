/**
 * Mail-flow checks written in code: each {@link dev.smtpprobe.check.Check} holds its own SMTP conversation with a
 * {@link dev.smtpprobe.check.CheckTarget} and returns a {@link dev.smtpprobe.check.Finding} — pass, warn, fail or
 * could-not-run, a one-line summary, and the evidence (replies, transcript, phase times). A
 * {@link dev.smtpprobe.check.CheckSuite} runs several against one target, or against every MX of a domain.
 * The built-ins in {@link dev.smtpprobe.check.Checks} use nothing but this package's public API.
 */
package dev.smtpprobe.check;
