package dev.smtpprobe.internal.checks;

import dev.smtpprobe.TlsOptions;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * What this JVM's TLS can offer, found by a dry run: a client engine with only the protocol asked for builds its
 * ClientHello in memory (nothing is sent). The JDK refuses to build one for a version its
 * {@code jdk.tls.disabledAlgorithms} security property disables (TLS 1.0 and 1.1 since JDK 8u291/11.0.11/16).
 */
final class LocalTls {

    private LocalTls() {}

    /**
     * Why a session with {@code options} could not offer {@code protocol} from this JVM, or empty when it can. The
     * caller's own {@link TlsOptions#sslContext()} is asked when set, else the JDK's default {@code TLS} context.
     */
    static Optional<String> cannotOffer(TlsOptions options, String protocol) {
        try {
            SSLContext context;
            if (options.sslContext().isPresent()) {
                context = options.sslContext().get();
            } else {
                context = SSLContext.getInstance("TLS");
                context.init(null, null, null);
            }
            SSLEngine engine = context.createSSLEngine("dry-run.smtp-probe.invalid", 25);
            engine.setUseClientMode(true);
            var params = engine.getSSLParameters();
            params.setProtocols(new String[] {protocol});
            if (!options.cipherSuites().isEmpty()) {
                params.setCipherSuites(options.cipherSuites().toArray(new String[0]));
            }
            engine.setSSLParameters(params);
            engine.beginHandshake();
            engine.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
            engine.closeOutbound();
            return Optional.empty();
        } catch (SSLException | GeneralSecurityException | RuntimeException e) {
            return Optional.of("this JVM's TLS does not offer " + protocol + " (" + e.getMessage()
                    + "; see the security property jdk.tls.disabledAlgorithms)");
        }
    }
}
