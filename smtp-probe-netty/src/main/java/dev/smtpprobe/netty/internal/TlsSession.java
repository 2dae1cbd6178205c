package dev.smtpprobe.netty.internal;

import dev.smtpprobe.ClosedBy;
import dev.smtpprobe.Reply;
import dev.smtpprobe.TlsFacts;
import dev.smtpprobe.TlsFailedException;
import dev.smtpprobe.TlsFailure;
import dev.smtpprobe.TlsFailureCause;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.spi.TranscriptRecorder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.NetUtil;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;

/**
 * One TLS handshake of a connection (STARTTLS or implicit): builds the {@link SslHandler} from the caller's
 * {@link TlsOptions}, and afterwards turns its outcome into {@link TlsFacts} or a {@link TlsFailedException}.
 */
final class TlsSession {

    private final TlsOptions options;
    private final String checkedName;
    private final String sniName;
    private final RecordingTrustManager recorder;
    private final SslHandler handler;
    private final SSLContext context;
    private final SSLParameters parameters;
    private final int port;

    private TlsSession(TlsOptions options, String checkedName, String sniName, RecordingTrustManager recorder,
            SslHandler handler, SSLContext context, SSLParameters parameters, int port) {
        this.options = options;
        this.checkedName = checkedName;
        this.sniName = sniName;
        this.recorder = recorder;
        this.handler = handler;
        this.context = context;
        this.parameters = parameters;
        this.port = port;
    }

    /** A client-side handler for {@code host:port}, verifying as the options say. */
    static TlsSession create(TlsOptions options, String host, int port) throws GeneralSecurityException {
        String name = options.serverName().orElse(host);
        RecordingTrustManager rtm = null;
        SSLContext context;
        if (options.sslContext().isPresent()) {
            context = options.sslContext().get();
        } else {
            rtm = new RecordingTrustManager(options.trustStore().orElse(null), name, !options.isInsecure(),
                    options.verifyHostname());
            context = SSLContext.getInstance("TLS");
            context.init(keyManagers(options), new TrustManager[] {rtm}, null);
        }
        SSLEngine engine = context.createSSLEngine(name, port);
        engine.setUseClientMode(true);
        var params = engine.getSSLParameters();
        params.setProtocols(options.protocols().toArray(new String[0]));
        if (!options.cipherSuites().isEmpty()) {
            params.setCipherSuites(options.cipherSuites().toArray(new String[0]));
        }
        String sni = sniFor(name);
        params.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
        if (rtm == null && options.verifyHostname() && !options.isInsecure()) {
            params.setEndpointIdentificationAlgorithm("HTTPS"); // the caller's context checks the chain; the JDK the name
        }
        engine.setSSLParameters(params);
        var handler = new SslHandler(engine);
        handler.setHandshakeTimeout(options.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return new TlsSession(options, name, sni, rtm, handler, context, params, port);
    }

    private static javax.net.ssl.KeyManager[] keyManagers(TlsOptions options) throws GeneralSecurityException {
        if (options.keyStore().isEmpty()) {
            return null;
        }
        var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        char[] password = options.keyPassword();
        kmf.init(options.keyStore().get(), password);
        java.util.Arrays.fill(password, '\0');
        return kmf.getKeyManagers();
    }

    /** SNI carries host names only (RFC 6066 §3): none for an address or a name SNIHostName refuses. */
    private static String sniFor(String name) {
        if (NetUtil.isValidIpV4Address(name) || NetUtil.isValidIpV6Address(name)) {
            return null;
        }
        try {
            return new SNIHostName(name).getAsciiName();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    SslHandler handler() {
        return handler;
    }

    /** The facts of a finished handshake. */
    TlsFacts facts() {
        var session = handler.engine().getSession();
        List<X509Certificate> chain = peerChain(session);
        return facts(session.getProtocol(), session.getCipherSuite(), chain);
    }

    private TlsFacts facts(String protocol, String cipher, List<X509Certificate> sessionChain) {
        List<X509Certificate> chain = recorder != null && recorder.checked() ? recorder.chain() : sessionChain;
        boolean handshakeOk = !protocol.isEmpty();
        boolean trusted;
        Optional<String> problem;
        boolean matched;
        if (recorder != null) {
            trusted = recorder.trusted();
            problem = Optional.ofNullable(recorder.problem());
            matched = recorder.nameMatched();
        } else { // the caller's SSLContext decided; a finished handshake means it trusted the chain
            trusted = handshakeOk;
            problem = handshakeOk ? Optional.empty() : Optional.of("rejected by the caller's SSLContext");
            matched = !chain.isEmpty() && HostnameMatcher.matches(checkedName, chain.get(0));
        }
        return TlsFacts.builder().protocol(protocol).cipherSuite(cipher).sniName(sniName).peerChain(chain)
                .verificationEnabled(!options.isInsecure()).trusted(trusted).trustProblem(problem.orElse(null))
                .hostnameChecked(checkedName).hostnameMatched(matched).build();
    }

    private static List<X509Certificate> peerChain(javax.net.ssl.SSLSession session) {
        var chain = new ArrayList<X509Certificate>();
        try {
            for (Certificate c : session.getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    chain.add(x);
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            // no certificate (anonymous suite): an empty chain
        }
        return chain;
    }

    /**
     * The typed failure of a TLS session that could not even be set up from {@code options} (an unknown protocol or
     * cipher suite name, an unusable key store): a {@link TlsFailureCause#LOCAL_CONFIGURATION} problem, raised before
     * any TLS byte is written.
     */
    static TlsFailedException setupFailure(Exception e, TlsOptions options, Reply reply, TranscriptRecorder transcript,
            ClosedBy closedBy) {
        String detail = "the client's TLS settings are unusable (" + offered(options) + "): " + e.getClass().getSimpleName()
                + ": " + e.getMessage();
        transcript.info("TLS handshake failed: " + detail);
        return new TlsFailedException(TlsFailure.HANDSHAKE, TlsFailureCause.LOCAL_CONFIGURATION, detail, reply, null, e,
                transcript.snapshot(), closedBy);
    }

    /**
     * The typed failure of a handshake that did not finish; {@code reply} is the 220 to STARTTLS, if any, and
     * {@code closedSoFar} who had closed the connection when the failure was seen ({@link ClosedBy#NOT_CLOSED}:
     * nobody yet, the client closes now). The cause is named from the alert received, the client's own TLS stack
     * (a dry run of the same settings tells a local configuration problem from the server's answer), the timeout
     * or the closed connection.
     */
    TlsFailedException failure(Throwable cause, Reply reply, TranscriptRecorder transcript, ClosedBy closedSoFar) {
        TlsFacts facts = facts("", "", List.of());
        boolean verification = recorder != null ? recorder.rejected()
                : hasCause(cause, java.security.cert.CertificateException.class);
        TlsFailure kind = verification ? TlsFailure.VERIFICATION : TlsFailure.HANDSHAKE;
        TlsFailureCause why;
        String detail;
        ClosedBy closedBy = ClosedBy.CLIENT;
        String alert = receivedAlert(cause);
        String local;
        if (verification) {
            why = TlsFailureCause.CERTIFICATE;
            detail = recorder != null
                    ? (!recorder.trusted() ? "certificate not trusted: " + recorder.problem()
                            : "certificate does not name " + checkedName)
                    : String.valueOf(rootMessage(cause));
        } else if (hasCause(cause, SslHandshakeTimeoutException.class)) {
            why = TlsFailureCause.HANDSHAKE_TIMEOUT;
            detail = "handshake timed out: no handshake within " + options.handshakeTimeout().toMillis()
                    + " ms; the client closed the connection";
        } else if (alert != null) {
            why = alertCause(alert);
            closedBy = ClosedBy.SERVER;
            detail = "the server sent the TLS alert " + alert + " (" + meaning(why) + "); the client offered "
                    + offered(options);
        } else if ((local = localProblem()) != null) {
            why = TlsFailureCause.LOCAL_CONFIGURATION;
            detail = "the client's TLS settings allow no handshake (" + offered(options) + "): " + local;
        } else if (closedSoFar == ClosedBy.SERVER || hasCause(cause, ClosedChannelException.class)) {
            why = TlsFailureCause.CONNECTION_CLOSED;
            closedBy = closedSoFar == ClosedBy.CLIENT ? ClosedBy.CLIENT : ClosedBy.SERVER;
            detail = closedBy == ClosedBy.CLIENT ? "the client closed the connection during the handshake"
                    : "connection closed by the server during the handshake, without a TLS alert (a server that does"
                            + " not accept what the client offered may do this); the client offered " + offered(options);
        } else {
            String message = String.valueOf(rootMessage(cause));
            String lower = message.toLowerCase(Locale.ROOT);
            why = lower.contains("protocol") ? TlsFailureCause.PROTOCOL_VERSION
                    : lower.contains("cipher") ? TlsFailureCause.NO_SHARED_CIPHER
                    : lower.contains("certificate") ? TlsFailureCause.CERTIFICATE : TlsFailureCause.OTHER;
            detail = (why == TlsFailureCause.OTHER ? "" : meaning(why) + ": ") + "the client refused the server's answer: "
                    + message + "; the client offered " + offered(options);
        }
        transcript.info("TLS " + kind.name().toLowerCase(Locale.ROOT) + " failed: " + detail);
        return new TlsFailedException(kind, why, detail, reply, facts.peerChain().isEmpty() ? null : facts, cause,
                transcript.snapshot(), closedBy);
    }

    /**
     * The alert's name when the failure is a fatal alert the server sent, else null. The JDK words it
     * "Received fatal alert: NAME" (JDK 17) or "(NAME) Received fatal alert: NAME" (JDK 25, which puts the alert
     * first in every SSLException of the handshake): the name after the marker is taken either way.
     */
    private static String receivedAlert(Throwable t) {
        for (; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            int at = m == null ? -1 : m.indexOf(RECEIVED_ALERT);
            if (t instanceof SSLException && at >= 0) {
                String rest = m.substring(at + RECEIVED_ALERT.length()).trim();
                int end = 0;
                while (end < rest.length() && (Character.isLetterOrDigit(rest.charAt(end)) || rest.charAt(end) == '_')) {
                    end++;
                }
                return rest.substring(0, end);
            }
        }
        return null;
    }

    private static final String RECEIVED_ALERT = "Received fatal alert:";

    /** The cause an alert stands for (RFC 8446 §6.2). */
    private static TlsFailureCause alertCause(String alert) {
        return switch (alert) {
            case "protocol_version" -> TlsFailureCause.PROTOCOL_VERSION;
            case "handshake_failure", "insufficient_security" -> TlsFailureCause.NO_SHARED_CIPHER;
            case "bad_certificate", "certificate_unknown", "unsupported_certificate", "certificate_revoked",
                    "certificate_expired", "unknown_ca", "certificate_required", "bad_certificate_status_response",
                    "access_denied" -> TlsFailureCause.CERTIFICATE;
            default -> TlsFailureCause.OTHER;
        };
    }

    private static String meaning(TlsFailureCause why) {
        return switch (why) {
            case PROTOCOL_VERSION -> "no TLS protocol version both sides accept";
            case NO_SHARED_CIPHER -> "no cipher suite or other security parameter both sides accept";
            case CERTIFICATE -> "a certificate was refused";
            case HANDSHAKE_TIMEOUT -> "the handshake timed out";
            case CONNECTION_CLOSED -> "the connection closed during the handshake";
            case LOCAL_CONFIGURATION -> "the client's TLS settings allow no handshake";
            case OTHER -> "the handshake failed";
        };
    }

    /** What the client offers, for messages: protocols and cipher suites as configured. */
    private static String offered(TlsOptions options) {
        return "protocols " + options.protocols() + ", cipher suites "
                + (options.cipherSuites().isEmpty() ? "the JDK's defaults" : options.cipherSuites().toString());
    }

    /**
     * Why the client's own settings cannot start a handshake with any server, or null if they can: a dry run of
     * the same settings on a fresh engine that only builds the ClientHello (nothing is sent). Run only after a
     * failure, so a working handshake pays nothing for it.
     */
    private String localProblem() {
        try {
            SSLEngine probe = context.createSSLEngine(checkedName, port);
            probe.setUseClientMode(true);
            probe.setSSLParameters(parameters);
            probe.beginHandshake();
            probe.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(probe.getSession().getPacketBufferSize()));
            probe.closeOutbound();
            return null;
        } catch (SSLException | RuntimeException e) {
            return e.getMessage() + hints();
        }
    }

    /** What in the settings is likely at fault: protocols this JDK does not enable, TLS 1.3 without its suites. */
    private String hints() {
        var hints = new StringBuilder();
        List<String> enabled = List.of(context.getDefaultSSLParameters().getProtocols());
        List<String> off = options.protocols().stream().filter(p -> !enabled.contains(p)).toList();
        if (!off.isEmpty()) {
            hints.append("; not enabled in this JDK: ").append(off).append(" (enabled: ").append(enabled)
                    .append("; see the security property jdk.tls.disabledAlgorithms)");
        }
        List<String> suites = options.cipherSuites();
        boolean tls13Suite = suites.stream().anyMatch(TlsSession::isTls13Suite);
        boolean olderSuite = suites.stream().anyMatch(s -> !isTls13Suite(s));
        boolean tls13 = options.protocols().contains("TLSv1.3");
        boolean older = options.protocols().stream().anyMatch(p -> !p.equals("TLSv1.3"));
        if (!suites.isEmpty() && tls13 && !older && !tls13Suite) {
            hints.append("; TLSv1.3 needs a TLS 1.3 cipher suite (TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384,"
                    + " TLS_CHACHA20_POLY1305_SHA256), none is configured");
        } else if (!suites.isEmpty() && !tls13 && !olderSuite) {
            hints.append("; only TLS 1.3 cipher suites are configured, but TLSv1.3 is not among the protocols");
        }
        return hints.toString();
    }

    private static boolean isTls13Suite(String suite) {
        return suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_");
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
