package dev.smtpprobe;

import java.net.InetSocketAddress;
import java.time.Duration;
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
    /**
     * Default cap on the lines a session's transcript keeps: 10,000. A message costs about 30 lines (envelope,
     * replies and up to {@link #DEFAULT_TRANSCRIPT_BODY_LINES} lines of content), so hundreds of messages on one
     * connection are kept whole; a connection carrying a million stays at about 2 MB of heap.
     */
    public static final int DEFAULT_TRANSCRIPT_MAX_LINES = 10_000;
    /**
     * Default cap on the bytes of line text a session's transcript keeps: 1 MiB (1,048,576), about a hundred bytes
     * for each of the {@link #DEFAULT_TRANSCRIPT_MAX_LINES} lines; what a few very long lines may take.
     */
    public static final long DEFAULT_TRANSCRIPT_MAX_BYTES = 1L << 20;

    /**
     * Default cap on the PBKDF2 iteration count a SCRAM server may ask for (RFC 5802 §2.2 {@code Hi()}, {@code i=}
     * in the server-first message): 1,000,000. RFC 7677 §4 asks for at least 4096, which is what common servers
     * use (Dovecot, Cyrus SASL, PostgreSQL's {@code scram_iterations}); OWASP's password storage guidance for
     * PBKDF2-HMAC-SHA256 is 600,000, so a server following it stays well inside. A million iterations cost the
     * client under a second of one CPU (0.3 to 0.7 s measured); the old fixed cap of ten million cost seconds.
     */
    public static final int DEFAULT_MAX_SCRAM_ITERATIONS = 1_000_000;
    /** Default session deadline: none, each step is bounded by its own {@link Timeouts timeout} only. */
    public static final Optional<Duration> DEFAULT_SESSION_DEADLINE = Optional.empty();
    /**
     * Default limit of a command line in octets, CRLF included: RFC 5321 §4.5.3.1.4's 512, which every server must
     * accept.
     */
    public static final int DEFAULT_MAX_COMMAND_LINE_LENGTH = 512;
    /**
     * How many octets of ESMTP parameters may lengthen a MAIL or RCPT line beyond
     * {@link #maxCommandLineLength()}: RFC 1869 §4.1.2 lets each extension raise the limit by its parameters'
     * length (AUTH 500, RFC 4954 §5; RET and ENVID 113, NOTIFY and ORCPT 523, RFC 3461 §4; SIZE 26, RFC 1870), so a
     * line may grow by the octets of the parameters it carries, up to this bound (more than the standard
     * extensions' sum on either line).
     */
    public static final int PARAMETER_ALLOWANCE = 1024;

    /** Default PROXY protocol header: none, the connection starts with the server's greeting. */
    public static final Optional<ProxyHeader> DEFAULT_PROXY_HEADER = Optional.empty();
    /** The protocol a session speaks by default: {@link Protocol#SMTP}. */
    public static final Protocol DEFAULT_PROTOCOL = Protocol.SMTP;

    /** Every option at its default. */
    public static final ProbeOptions DEFAULT = builder().build();

    private final Timeouts timeouts;
    private final ReplyLimits replyLimits;
    private final InetSocketAddress localAddress;
    private final int transcriptBodyLines;
    private final int transcriptMaxLines;
    private final long transcriptMaxBytes;
    private final TranscriptListener transcriptListener;
    private final TlsOptions tls;
    private final boolean allowPlaintextAuthentication;
    private final Pipelining pipelining;
    private final int maxCommandLineLength;
    private final boolean sizePrecheck;
    private final int maxScramIterations;
    private final Duration sessionDeadline;
    private final ProxyHeader proxyHeader;
    private final Protocol protocol;

    private ProbeOptions(Builder b) {
        this.timeouts = b.timeouts;
        this.replyLimits = b.replyLimits;
        this.localAddress = b.localAddress;
        this.transcriptBodyLines = b.transcriptBodyLines;
        this.transcriptMaxLines = b.transcriptMaxLines;
        this.transcriptMaxBytes = b.transcriptMaxBytes;
        this.transcriptListener = b.transcriptListener;
        this.tls = b.tls;
        this.allowPlaintextAuthentication = b.allowPlaintextAuthentication;
        this.pipelining = b.pipelining;
        this.maxCommandLineLength = b.maxCommandLineLength;
        this.sizePrecheck = b.sizePrecheck;
        this.maxScramIterations = b.maxScramIterations;
        this.sessionDeadline = b.sessionDeadline;
        this.proxyHeader = b.proxyHeader;
        this.protocol = b.protocol;
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
        b.transcriptMaxLines = transcriptMaxLines;
        b.transcriptMaxBytes = transcriptMaxBytes;
        b.transcriptListener = transcriptListener;
        b.tls = tls;
        b.allowPlaintextAuthentication = allowPlaintextAuthentication;
        b.pipelining = pipelining;
        b.maxCommandLineLength = maxCommandLineLength;
        b.sizePrecheck = sizePrecheck;
        b.maxScramIterations = maxScramIterations;
        b.sessionDeadline = sessionDeadline;
        b.proxyHeader = proxyHeader;
        b.protocol = protocol;
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

    /** The PROXY protocol header written before anything else on the connection, if set. */
    public Optional<ProxyHeader> proxyHeader() {
        return Optional.ofNullable(proxyHeader);
    }

    /** How many message lines the transcript records for each DATA. */
    public int transcriptBodyLines() {
        return transcriptBodyLines;
    }

    /** How many lines a session's transcript keeps at most (see {@link Builder#transcriptMaxLines(int)}). */
    public int transcriptMaxLines() {
        return transcriptMaxLines;
    }

    /** How many bytes of line text a session's transcript keeps at most (see {@link Builder#transcriptMaxLines(int)}). */
    public long transcriptMaxBytes() {
        return transcriptMaxBytes;
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

    /**
     * The longest command line the client sends, in octets with CRLF; MAIL and RCPT lines may exceed it by their
     * parameters' octets, up to {@link #PARAMETER_ALLOWANCE}. A longer line is refused before sending with
     * {@link NotSentException.Reason#LINE_TOO_LONG}.
     */
    public int maxCommandLineLength() {
        return maxCommandLineLength;
    }

    /**
     * Whether a declared SIZE above the server's advertised limit is refused before sending: the typed
     * {@link MailParameters.Builder#size(long)} and a raw {@code SIZE=n} parameter alike.
     */
    public boolean sizePrecheck() {
        return sizePrecheck;
    }

    /**
     * The largest SCRAM iteration count the client computes; a server asking for more gets {@code *} (RFC 4954 §4)
     * and the {@link AuthResult} says why ({@link AuthCancel.Reason#ITERATION_COUNT_OVER_LIMIT}).
     */
    public int maxScramIterations() {
        return maxScramIterations;
    }

    /**
     * The limit on a whole session, counted from the moment its TCP connection opened; empty (the default) for none.
     * See {@link Builder#sessionDeadline(Duration)}.
     */
    public Optional<Duration> sessionDeadline() {
        return Optional.ofNullable(sessionDeadline);
    }

    /** The protocol the session speaks: SMTP or LMTP (see {@link Builder#protocol(Protocol)}). */
    public Protocol protocol() {
        return protocol;
    }

    @Override
    public String toString() {
        return "ProbeOptions[protocol=" + protocol + ", tls=" + tls + ", allowPlaintextAuthentication=" + allowPlaintextAuthentication
                + ", maxCommandLineLength=" + maxCommandLineLength
                + ", pipelining=" + pipelining + ", sizePrecheck=" + sizePrecheck + ", timeouts=" + timeouts + ", replyLimits=" + replyLimits + ", localAddress="
                + localAddress + ", transcriptBodyLines=" + transcriptBodyLines
                + ", transcriptMaxLines=" + transcriptMaxLines + ", transcriptMaxBytes=" + transcriptMaxBytes
                + ", maxScramIterations=" + maxScramIterations
                + ", sessionDeadline=" + (sessionDeadline == null ? "none" : sessionDeadline)
                + ", proxyHeader=" + (proxyHeader == null ? "none" : proxyHeader) + "]";
    }

    /** Builds {@link ProbeOptions}. Not thread-safe; the options it builds are. */
    public static final class Builder {
        private Timeouts timeouts = Timeouts.DEFAULT;
        private ReplyLimits replyLimits = ReplyLimits.DEFAULT;
        private InetSocketAddress localAddress;
        private int transcriptBodyLines = DEFAULT_TRANSCRIPT_BODY_LINES;
        private int transcriptMaxLines = DEFAULT_TRANSCRIPT_MAX_LINES;
        private long transcriptMaxBytes = DEFAULT_TRANSCRIPT_MAX_BYTES;
        private TranscriptListener transcriptListener = TranscriptListener.NONE;
        private TlsOptions tls = TlsOptions.DEFAULT;
        private boolean allowPlaintextAuthentication;
        private Pipelining pipelining = Pipelining.WHEN_OFFERED;
        private int maxCommandLineLength = DEFAULT_MAX_COMMAND_LINE_LENGTH;
        private boolean sizePrecheck = true;
        private int maxScramIterations = DEFAULT_MAX_SCRAM_ITERATIONS;
        private Duration sessionDeadline = DEFAULT_SESSION_DEADLINE.orElse(null);
        private ProxyHeader proxyHeader = DEFAULT_PROXY_HEADER.orElse(null);
        private Protocol protocol = DEFAULT_PROTOCOL;

        private Builder() {}

        /**
         * The protocol to speak; default {@link ProbeOptions#DEFAULT_PROTOCOL} (SMTP). With {@link Protocol#LMTP}
         * (RFC 2033) {@code ehlo(name)} sends {@code LHLO name} (§4.1) and the end of each message waits for one
         * reply per accepted recipient (§4.2), exposed in order by {@link DataResult#recipientReplies()}; HELO is
         * still sent as told, for a probe to see the server refuse it.
         */
        public Builder protocol(Protocol protocol) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
            return this;
        }

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

        /**
         * The most lines a session's {@link Transcript} keeps; default {@value ProbeOptions#DEFAULT_TRANSCRIPT_MAX_LINES}.
         * With {@link #transcriptMaxBytes(long)} it bounds the memory of a long session (a connection carrying a
         * million messages stays flat). When a line takes the transcript over either limit, the oldest lines are
         * dropped until it uses three quarters of each: first the oldest lines of message content (what DATA's
         * {@link #transcriptBodyLines(int) body lines} and BDAT's chunk summaries show), and only when none is
         * left, the oldest other lines (commands, replies, events). Never silently: from then on a transcript's
         * first entry is an event that says how many lines and bytes of each kind were dropped, for instance
         * {@code transcript limit (10000 lines, 1048576 bytes) reached: dropped the oldest 12000 message-content
         * lines (960000 bytes)}. The {@link #transcriptListener(TranscriptListener) listener} sees every line,
         * dropped or not; set it to keep a whole long session elsewhere. 0 keeps no line, only the marker. The
         * session's {@linkplain SmtpSession#exchanges() exchanges} are bounded by the same two numbers (at most this
         * many exchanges, and {@code transcriptMaxBytes} of their command and reply lines), the oldest dropped first
         * and counted by the same event ({@code ..., and the oldest 4000 exchanges}).
         */
        public Builder transcriptMaxLines(int lines) {
            if (lines < 0) {
                throw new IllegalArgumentException("transcriptMaxLines must be >= 0");
            }
            this.transcriptMaxLines = lines;
            return this;
        }

        /**
         * The most bytes of line text (UTF-8, without CRLF) a session's {@link Transcript} keeps; default
         * {@value ProbeOptions#DEFAULT_TRANSCRIPT_MAX_BYTES} (1 MiB). Lines are dropped as
         * {@link #transcriptMaxLines(int)} says; a single line longer than this is not kept (the marker counts it).
         */
        public Builder transcriptMaxBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("transcriptMaxBytes must be >= 0");
            }
            this.transcriptMaxBytes = bytes;
            return this;
        }

        /** Listener for every transcript entry as it happens; default none. */
        public Builder transcriptListener(TranscriptListener listener) {
            this.transcriptListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * A PROXY protocol header (v1 or v2, HAProxy's spec) to write as the first bytes of the connection, before
         * the greeting and before an implicit-TLS handshake, for a server behind a load balancer; default none
         * ({@link ProbeOptions#DEFAULT_PROXY_HEADER}). {@code null} removes it. A server that does not expect one
         * reads the header as a command line and usually refuses it or closes.
         */
        public Builder proxyHeader(ProxyHeader header) {
            this.proxyHeader = header;
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

        /**
         * The longest command line to send, in octets with CRLF (RFC 5321 §4.5.3.1.4); default
         * {@value ProbeOptions#DEFAULT_MAX_COMMAND_LINE_LENGTH}. MAIL and RCPT lines may be longer by the octets of
         * their ESMTP parameters, at most {@value ProbeOptions#PARAMETER_ALLOWANCE} more (RFC 1869 §4.1.2). SASL
         * response lines after {@code 334} are not limited (RFC 4954 §4). Raise it to test how a server treats long
         * lines; it cannot be lower than 512, which every server must accept.
         *
         * @throws IllegalArgumentException when {@code octets} is below 512
         */
        public Builder maxCommandLineLength(int octets) {
            if (octets < DEFAULT_MAX_COMMAND_LINE_LENGTH) {
                throw new IllegalArgumentException("maxCommandLineLength must be >= " + DEFAULT_MAX_COMMAND_LINE_LENGTH
                        + " (RFC 5321 §4.5.3.1.4: every server accepts 512 octets), was " + octets);
            }
            this.maxCommandLineLength = octets;
            return this;
        }

        /**
         * Refuse a declared SIZE above the server's advertised limit before sending; default true. The check covers
         * {@link MailParameters.Builder#size(long)} and a raw {@code SIZE=n} parameter alike (refused with
         * {@link NotSentException.Reason#SIZE_OVER_LIMIT}); turn it off to test the server's own check.
         */
        public Builder sizePrecheck(boolean precheck) {
            this.sizePrecheck = precheck;
            return this;
        }

        /**
         * The largest PBKDF2 iteration count (RFC 5802 §2.2, the server-first message's {@code i=}) a SCRAM exchange
         * computes; default {@value ProbeOptions#DEFAULT_MAX_SCRAM_ITERATIONS} (see there why). The server chooses
         * the count and the client pays the CPU: above this cap the client computes nothing, cancels the exchange
         * with {@code *} (RFC 4954 §4) and the {@link AuthResult} reports
         * {@link AuthCancel.Reason#ITERATION_COUNT_OVER_LIMIT}. The computation runs on the library's SASL threads,
         * never on the transport's I/O thread, so even an allowed count never delays other sessions. A blocking
         * {@link Hello#auth(SaslMechanism)} waits at most eleven command timeouts in all, computation included: a cap
         * far above the default needs a longer command timeout, or the async form.
         *
         * @throws IllegalArgumentException if {@code max} is below 1
         */
        public Builder maxScramIterations(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxScramIterations must be at least 1, not " + max);
            }
            this.maxScramIterations = max;
            return this;
        }

        /**
         * A deadline for the whole session, counted from the moment its TCP connection opened (the implicit TLS
         * handshake and the greeting included; the connect itself is bounded by {@link Timeouts#connect()}); {@code null} for none, the default
         * ({@link ProbeOptions#DEFAULT_SESSION_DEADLINE}). When it expires the client closes the connection at once
         * (no QUIT), the step that was waiting fails with a {@link StepTimeoutException} whose
         * {@link StepTimeoutException#isSessionDeadline()} is true, and every later step fails the same way without
         * sending anything. Unlike {@code orTimeout} on a step's future, it closes the session: nothing waits on
         * until the steps' own timeouts fire.
         *
         * @throws IllegalArgumentException when the deadline is zero, negative or too long to be timed in nanoseconds
         */
        public Builder sessionDeadline(Duration deadline) {
            if (deadline != null) {
                if (deadline.isNegative() || deadline.isZero()) {
                    throw new IllegalArgumentException("sessionDeadline must be positive, not " + deadline);
                }
                try {
                    deadline.toNanos();
                } catch (ArithmeticException e) {
                    throw new IllegalArgumentException("sessionDeadline too long to be timed: " + deadline, e);
                }
            }
            this.sessionDeadline = deadline;
            return this;
        }

        /** The options. */
        public ProbeOptions build() {
            return new ProbeOptions(this);
        }
    }
}
