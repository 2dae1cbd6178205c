package dev.smtpprobe.examples.cli;

import dev.smtpprobe.ClientOptions;
import dev.smtpprobe.ConnectFailedException;
import dev.smtpprobe.DnsLookupException;
import dev.smtpprobe.InvalidArgumentException;
import dev.smtpprobe.MxHost;
import dev.smtpprobe.MxResult;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.Transcript;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code --mx DOMAIN}: looks up the domain's exchangers (RFC 5321 section 5.1), shows them, and holds the
 * conversation with the first one that takes the connection — every address of every exchanger in preference
 * order, the next one tried only when the connection cannot be opened (refused, timed out, unreachable), as a
 * sending MTA does. Exit codes of its own: {@link ExitCode#DNS} when the lookup gets no answer,
 * {@link ExitCode#NO_MAIL_HOST} when there is no exchanger to talk to.
 */
final class MxConversation {

    private MxConversation() {}

    /**
     * Runs {@code plan} (made for {@code remote}, the domain's placeholder target) against the exchangers of
     * {@code --mx}, shows it on {@code printer}, and returns (and shows) the outcome.
     */
    static Outcome run(CliOptions o, Target remote, ConversationPlan plan, ConversationPrinter printer) {
        String domain = o.mx().orElseThrow();
        MxResult mx;
        try (ProbeClient client = ProbeClient.create(ClientOptions.builder()
                .dns(DnsServers.options(o.server.dnsServers, o.server.timeout)).build())) {
            mx = client.mx(domain);
        } catch (DnsLookupException e) {
            return finish(printer, new Outcome(ExitCode.DNS, e.getMessage(), List.of(), Transcript.EMPTY,
                    Optional.empty(), Optional.of(e)));
        } catch (InvalidArgumentException e) {
            throw new PlanBuilder.UsageError("--mx " + domain + ": " + e.getMessage());
        }
        printer.mx(mx);
        Optional<String> none = MxText.noExchanger(mx);
        if (none.isPresent()) {
            return finish(printer, new Outcome(ExitCode.NO_MAIL_HOST, none.get() + ": no exchanger to talk to",
                    List.of(), Transcript.EMPTY, Optional.empty(), Optional.empty()));
        }
        List<Candidate> candidates = candidates(mx);
        Outcome outcome = null;
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            Target target = Targets.exchanger(remote, c.host(), c.address());
            printer.connectingTo(target);
            printer.note("exchanger " + c + " (preference " + c.host().preference() + ")");
            outcome = Conversation.attempt(plan.toward(target.host(), target.port(), PlanBuilder.tlsOptions(o, target)),
                    printer);
            if (outcome.exitCode() != ExitCode.CONNECT || i == candidates.size() - 1) {
                break;
            }
            printer.skipped(outcome, c + ": " + why(outcome) + "; trying the next exchanger address");
        }
        return finish(printer, outcome);
    }

    /** {@code connection refused}, {@code connection timed out}, ...: the reason in two words. */
    private static String why(Outcome outcome) {
        return outcome.failure().filter(ConnectFailedException.class::isInstance).map(e -> switch (
                ((ConnectFailedException) e).reason()) {
            case REFUSED -> "connection refused";
            case TIMED_OUT -> "connection timed out";
            case UNREACHABLE -> "host or network unreachable";
            case UNRESOLVED -> "the name does not resolve";
            case OTHER -> "could not connect";
        }).orElse("could not connect");
    }

    private static Outcome finish(ConversationPrinter printer, Outcome outcome) {
        printer.finish(outcome);
        return outcome;
    }

    /** Every address of every exchanger that has one, in preference order. */
    private static List<Candidate> candidates(MxResult mx) {
        var candidates = new ArrayList<Candidate>();
        for (MxHost host : mx.hosts()) {
            host.addresses().forEach(a -> candidates.add(new Candidate(host, a)));
        }
        return candidates;
    }

    /** One address of one exchanger. */
    private record Candidate(MxHost host, InetAddress address) {
        @Override
        public String toString() {
            return host.host() + " at " + address.getHostAddress();
        }
    }
}
