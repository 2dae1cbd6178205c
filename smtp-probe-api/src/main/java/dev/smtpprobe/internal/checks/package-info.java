/**
 * The built-in mail-flow checks behind {@link dev.smtpprobe.check.Checks}. Not exported: they use only the public
 * API of {@code dev.smtpprobe} and {@code dev.smtpprobe.check}, exactly as a user's own check would.
 */
package dev.smtpprobe.internal.checks;
