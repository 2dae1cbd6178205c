package dev.smtpprobe;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * How a session connects and converses: timeouts, TLS, limits, the transcript listener — the defaults of a
 * {@link ProbeClient}'s sessions, or one session's own ({@link ProbeClient#connect(String, int, ProbeOptions)}).
 * What the client owns for all its sessions (I/O threads, the DNS resolver) is in {@link ClientOptions}. Immutable;
 * build with {@link #builder()} or derive with {@link #toBuilder()}.
 */
public final class ProbeOptions {

    /** Default number of message lines the transcript keeps per DATA before it summarises the rest. */
    public static final int DEFAULT_TRANSCRIPT_BODY_LINES = 20;

    /** Every option at its default. */
    public static final ProbeOptions DEFAULT = builder().build();

    private final Timeouts timeouts;
    private final ReplyLimits replyLimits;
    private final InetSocketAddress localAddress;
    private final int transcriptBodyLines;
    private final TranscriptListener transcriptListener;
    private final TlsOptions tls;
    private final boolean allowPlaintextAuthentication;
    private final Pipelining pipelining;
    private final boolean sizePrecheck;

    private ProbeOptions(Builder b) {
        this.timeouts = b.timeouts;
        this.replyLimits = b.replyLimits;
        this.localAddress = b.localAddress;
        this.transcriptBodyLines = b.transcriptBodyLines;
        this.transcriptListener = b.transcriptListener;
        this.tls = b.tls;
        this.allowPlaintextAuthentication = b.allowPlaintextAuthentication;
        this.pipelining = b.pipelining;
        this.sizePrecheck = b.sizePrecheck;
    }

    /** A builder with every option at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        var b = new Builder();
        b.timeouts = timeouts;
        b.replyLimits = replyLimits;
        b.localAddress = localAddress;
        b.transcriptBodyLines = transcriptBodyLines;
        b.transcriptListener = transcriptListener;
        b.tls = tls;
        b.allowPlaintextAuthentication = allowPlaintextAuthentication;
        b.pipelining = pipelining;
        b.sizePrecheck = sizePrecheck;
        return b;
    }

    /** The step timeouts. */
    public Timeouts timeouts() {
        return timeouts;
    }

    /** The caps on reply size. */
    public ReplyLimits replyLimits() {
        return replyLimits;
    }

    /** The local address to bind before connecting, if set. */
    public Optional<InetSocketAddress> localAddress() {
        return Optional.ofNullable(localAddress);
    }

    /** How many message lines the transcript records for each DATA. */
    public int transcriptBodyLines() {
        return transcriptBodyLines;
    }

    /** The listener that sees each transcript entry live. */
    public TranscriptListener transcriptListener() {
        return transcriptListener;
    }

    /** How sessions use TLS. */
    public TlsOptions tls() {
        return tls;
    }

    /** Whether mechanisms that reveal a secret (PLAIN, LOGIN, XOAUTH2) may run without TLS. */
    public boolean allowPlaintextAuthentication() {
        return allowPlaintextAuthentication;
    }

    /** When {@link Hello#pipelined()} pipelines. */
    public Pipelining pipelining() {
        return pipelining;
    }

    /** Whether a declared SIZE above the server's advertised limit is refused before sending. */
    public boolean sizePrecheck() {
        return sizePrecheck;
    }

    @Override
    public String toString() {
        return "ProbeOptions[tls=" + tls + ", allowPlaintextAuthentication=" + allowPlaintextAuthentication
                + ", pipelining=" + pipelining + ", sizePrecheck=" + sizePrecheck + ", timeouts=" + timeouts + ", replyLimits=" + replyLimits + ", localAddress="
                + localAddress + ", transcriptBodyLines=" + transcriptBodyLines + "]";
    }

    /** Builds {@link ProbeOptions}. Not thread-safe; the options it builds are. */
    public static final class Builder {
        private Timeouts timeouts = Timeouts.DEFAULT;
        private ReplyLimits replyLimits = ReplyLimits.DEFAULT;
        private InetSocketAddress localAddress;
        private int transcriptBodyLines = DEFAULT_TRANSCRIPT_BODY_LINES;
        private TranscriptListener transcriptListener = TranscriptListener.NONE;
        private TlsOptions tls = TlsOptions.DEFAULT;
        private boolean allowPlaintextAuthentication;
        private Pipelining pipelining = Pipelining.WHEN_OFFERED;
        private boolean sizePrecheck = true;

        private Builder() {}

        /** Step timeouts; default {@link Timeouts#DEFAULT} (RFC 5321 §4.5.3.2). */
        public Builder timeouts(Timeouts timeouts) {
            this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
            return this;
        }

        /** Reply size caps; default {@link ReplyLimits#DEFAULT}. */
        public Builder replyLimits(ReplyLimits replyLimits) {
            this.replyLimits = Objects.requireNonNull(replyLimits, "replyLimits");
            return this;
        }

        /** Local address (and port, 0 for any) to connect from; default: chosen by the OS. */
        public Builder localAddress(InetSocketAddress localAddress) {
            this.localAddress = localAddress;
            return this;
        }

        /** Message lines recorded in the transcript per DATA; default {@value ProbeOptions#DEFAULT_TRANSCRIPT_BODY_LINES}. */
        public Builder transcriptBodyLines(int lines) {
            if (lines < 0) {
                throw new IllegalArgumentException("transcriptBodyLines must be >= 0");
            }
            this.transcriptBodyLines = lines;
            return this;
        }

        /** Listener for every transcript entry as it happens; default none. */
        public Builder transcriptListener(TranscriptListener listener) {
            this.transcriptListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** TLS mode, trust and protocols; default {@link TlsOptions#DEFAULT} (no TLS unless asked for). */
        public Builder tls(TlsOptions tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /**
         * Let PLAIN, LOGIN, XOAUTH2 (any mechanism that reveals the secret) run on a connection without TLS; default
         * false: they are refused before anything is sent. For test servers on loopback and walkthroughs only.
         */
        public Builder allowPlaintextAuthentication(boolean allow) {
            this.allowPlaintextAuthentication = allow;
            return this;
        }

        /** When {@link Hello#pipelined()} really pipelines; default {@link Pipelining#WHEN_OFFERED}. */
        public Builder pipelining(Pipelining pipelining) {
            this.pipelining = Objects.requireNonNull(pipelining, "pipelining");
            return this;
        }

        /** Refuse a declared SIZE above the server's advertised limit before sending; default true. */
        public Builder sizePrecheck(boolean precheck) {
            this.sizePrecheck = precheck;
            return this;
        }

        /** The options. */
        public ProbeOptions build() {
            return new ProbeOptions(this);
        }
    }
}
