package dev.smtpprobe.internal.checks;

import dev.smtpprobe.ConnectFailedException;
import dev.smtpprobe.ConnectionLostException;
import dev.smtpprobe.ProtocolViolationException;
import dev.smtpprobe.Reply;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.StepTimeoutException;
import dev.smtpprobe.TlsFailedException;
import dev.smtpprobe.check.Check;
import dev.smtpprobe.check.CheckContext;
import dev.smtpprobe.check.Finding;

/**
 * Can a client reach the SMTP service, and if not, why: refused (nothing listens — the service is down), timed out
 * (packets dropped — a firewall), unresolvable, unreachable; connected but no greeting; or a greeting that refuses
 * service (554, RFC 5321 §3.1).
 */
public final class ReachabilityCheck implements Check {

    @Override
    public String name() {
        return "reachability";
    }

    @Override
    public Finding run(CheckContext ctx) {
        String where = ctx.target().toString();
        SmtpSession session;
        try {
            session = ctx.connect();
        } catch (ConnectFailedException e) {
            String why = switch (e.reason()) {
                case REFUSED -> "connection refused: nothing listens on " + where + " (service down or wrong port)";
                case TIMED_OUT -> "connection timed out: no answer from " + where
                        + " (a firewall dropping packets, or the host is down)";
                case UNRESOLVED -> "host name " + ctx.target().host() + " does not resolve";
                case UNREACHABLE -> "host or network unreachable: " + where + " (routing, or a firewall rejecting)";
                case OTHER -> "cannot connect to " + where + ": " + e.getMessage();
            };
            return ctx.fail(why, e);
        } catch (StepTimeoutException e) {
            return ctx.fail("connected, but no greeting within " + e.timeout().toMillis() + " ms"
                    + ": the port accepts TCP but does not speak SMTP (overloaded, tarpitting, or another service)", e);
        } catch (ConnectionLostException e) {
            return ctx.fail("connected, but the server closed the connection before its greeting", e);
        } catch (ProtocolViolationException e) {
            return ctx.fail("connected, but the greeting is not SMTP: " + e.getMessage(), e);
        } catch (TlsFailedException e) {
            return ctx.fail("connected, but the implicit TLS handshake failed: " + e.getMessage(), e);
        }
        Reply greeting = ctx.evidence(session.greeting());
        String address = session.remoteAddress().getAddress().getHostAddress();
        if (greeting.code() == 220) {
            return ctx.pass("connected to " + address + ", 220 greeting after " + greeting.elapsed().toMillis() + " ms");
        }
        if (greeting.code() == 554) {
            return ctx.fail("connected, but the server refuses service: " + Greet.line(greeting));
        }
        return ctx.fail("connected, but the greeting is not 220: " + Greet.line(greeting));
    }
}
