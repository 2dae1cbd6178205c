package dev.smtpprobe.netty.internal;

import dev.smtpprobe.Reply;
import dev.smtpprobe.TlsFacts;
import dev.smtpprobe.TlsFailedException;
import dev.smtpprobe.TlsFailure;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.spi.TranscriptRecorder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.NetUtil;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
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

    private TlsSession(TlsOptions options, String checkedName, String sniName, RecordingTrustManager recorder,
            SslHandler handler) {
        this.options = options;
        this.checkedName = checkedName;
        this.sniName = sniName;
        this.recorder = recorder;
        this.handler = handler;
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
        return new TlsSession(options, name, sni, rtm, handler);
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

    /** The typed failure of a handshake that did not finish; {@code reply} is the 220 to STARTTLS, if any. */
    TlsFailedException failure(Throwable cause, Reply reply, TranscriptRecorder transcript) {
        TlsFacts facts = facts("", "", List.of());
        boolean verification = recorder != null ? recorder.rejected()
                : hasCause(cause, java.security.cert.CertificateException.class);
        TlsFailure kind = verification ? TlsFailure.VERIFICATION : TlsFailure.HANDSHAKE;
        String detail = verification && recorder != null
                ? (!recorder.trusted() ? "certificate not trusted: " + recorder.problem()
                        : "certificate does not name " + checkedName)
                : String.valueOf(rootMessage(cause));
        transcript.info("TLS " + kind.name().toLowerCase(java.util.Locale.ROOT) + " failed: " + detail);
        return new TlsFailedException(kind, detail, reply, facts.peerChain().isEmpty() ? null : facts, cause,
                transcript.snapshot());
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
