package dev.smtpprobe.netty.internal;

import dev.smtpprobe.ClientOptions;
import dev.smtpprobe.ConnectFailedException;
import dev.smtpprobe.DnsOptions;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.TlsMode;
import dev.smtpprobe.spi.Connection;
import dev.smtpprobe.spi.DnsClient;
import dev.smtpprobe.spi.Transport;
import dev.smtpprobe.spi.TranscriptRecorder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.codec.smtp.SmtpRequestEncoder;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Netty transport: one event loop group shared by every connection of a client opened by an async connect,
 * daemon threads. A blocking connect gives its connection a {@link CallerDrivenLoop} instead: the threads that wait
 * for its steps run its I/O (no hand-off to an event-loop thread per step, issue 12), unless the system property
 * {@value #BLOCKING_PROPERTY} is {@code shared} (then blocking calls wait for the shared group as async ones do).
 * Host names are resolved on a small pool of daemon threads (the JDK resolver blocks), never on an event loop; each
 * address is tried in turn until one connects.
 */
final class NettyTransport implements Transport {

    static final String DECODER = "reply-decoder";
    static final String ENCODER = "request-encoder";
    static final String CONVERSATION = "conversation";
    static final String TLS = "tls";
    /**
     * {@code manual} (the default): a blocking connect's I/O runs on the caller's thread; {@code shared}: on the
     * client's event-loop group, as for async connects (the test suite runs both).
     */
    static final String BLOCKING_PROPERTY = "smtp-probe.blocking";
    /** Threads for the JDK's blocking name resolution; idle ones end after 30 s. */
    private static final int RESOLVER_THREADS = 8;

    private final MultiThreadIoEventLoopGroup group;
    /** The group's executors, looked at by {@link #onIoThread} without an iterator per call. */
    private final EventExecutor[] groupExecutors;
    /** Whether blocking connects get a {@link CallerDrivenLoop} ({@link #BLOCKING_PROPERTY}). */
    private final boolean callerDriven;
    /** The open channels on caller-driven loops, closed with the transport. */
    private final java.util.Set<Channel> drivenChannels = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The selectors of blocking sessions that ended, for the next ones (see {@link IoHandlerPool}). */
    private final IoHandlerPool handlers = new IoHandlerPool(IoFlavour.chosen().handlerFactory());
    private final ExecutorService resolver;
    private final DnsOptions dnsOptions;
    private NettyDnsClient dns;
    /** Set by {@link #close()}: a closed group would never run a connect's listeners, so refuse before starting. */
    private volatile boolean closed;

    NettyTransport(ClientOptions options) {
        this.dnsOptions = options.dns();
        this.callerDriven = !"shared".equals(System.getProperty(BLOCKING_PROPERTY, "manual"));
        this.group = new MultiThreadIoEventLoopGroup(options.ioThreads(), new DefaultThreadFactory("smtp-probe-io", true),
                IoFlavour.chosen().handlerFactory());
        var executors = new java.util.ArrayList<EventExecutor>();
        group.forEach(executors::add);
        this.groupExecutors = executors.toArray(new EventExecutor[0]);
        var pool = new ThreadPoolExecutor(RESOLVER_THREADS, RESOLVER_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new DefaultThreadFactory("smtp-probe-resolver", true));
        pool.allowCoreThreadTimeOut(true);
        this.resolver = pool;
    }

    @Override
    public CompletableFuture<Connection> connect(String host, int port, ProbeOptions options, TranscriptRecorder recorder) {
        return connect(host, port, options, recorder, null);
    }

    /**
     * A blocking connect: on a loop of its own that this thread drives until the connection is open (or failed),
     * and that the threads waiting for the session's steps drive later; the loop ends when its channel closes, or
     * here when no connection came of it. The future is complete on return.
     */
    @Override
    public CompletableFuture<Connection> connectBlocking(String host, int port, ProbeOptions options,
            TranscriptRecorder recorder) {
        if (!callerDriven || closed) {
            return connect(host, port, options, recorder);
        }
        var loop = new CallerDrivenLoop(group, handlers);
        try {
            return CompletableFuture.completedFuture(loop.await(() -> connect(host, port, options, recorder, loop)
                    .whenComplete((c, e) -> {
                        if (e != null) {
                            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS); // no channel of it lives on
                        }
                    }), Long.MAX_VALUE)); // the resolver's and the connect's own timeouts end it
        } catch (java.util.concurrent.ExecutionException e) {
            return CompletableFuture.failedFuture(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            recorder.info("connect to " + host + ":" + port + " interrupted");
            return CompletableFuture.failedFuture(new dev.smtpprobe.InterruptedStepException(dev.smtpprobe.Step.CONNECT,
                    e, recorder.snapshot(), dev.smtpprobe.ClosedBy.CLIENT));
        } catch (TimeoutException e) {
            throw new IllegalStateException(e); // no bound was given
        }
    }

    /** {@link #connect} on {@code loop}, or on the shared group when it is null. */
    private CompletableFuture<Connection> connect(String host, int port, ProbeOptions options,
            TranscriptRecorder recorder, CallerDrivenLoop loop) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the transport is closed: connect to "
                    + host + ":" + port + " refused, nothing was sent"));
        }
        recorder.info("Trying " + host + ":" + port + "...");
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
        if (literal != null) { // an address needs no resolver thread
            try {
                return attempt(host, port, new InetAddress[] {InetAddress.getByAddress(host, literal)}, 0, options, recorder, null, loop);
            } catch (UnknownHostException e) {
                return CompletableFuture.failedFuture(failed(host, port, e, recorder));
            }
        }
        Duration resolveTimeout = options.timeouts().connect();
        return addresses(host)
                .orTimeout(resolveTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((addresses, error) -> {
                    if (error instanceof TimeoutException) {
                        throw failed(host, port, new UnknownHostException(host + ": name resolution timed out after "
                                + resolveTimeout.toMillis() + " ms"), recorder);
                    }
                    if (error != null) {
                        throw failed(host, port, error.getCause() != null ? error.getCause() : error, recorder);
                    }
                    return addresses;
                })
                .thenCompose(addresses -> attempt(host, port, addresses, 0, options, recorder, null, loop));
    }

    /**
     * The addresses of {@code host} from the client's resolver: the JDK's (hosts file, system resolvers) on a
     * resolver thread for {@link DnsOptions#SYSTEM}, else A/AAAA queries to the named servers; {@code localhost}
     * is loopback either way (RFC 6761 §6.3). Fails with a {@code CompletionException} around the cause.
     */
    private CompletableFuture<InetAddress[]> addresses(String host) {
        if (dnsOptions.usesSystemResolvers()) {
            return CompletableFuture.supplyAsync(() -> resolve(host), resolver);
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("localhost") || lower.endsWith(".localhost")) {
            try {
                return CompletableFuture.completedFuture(new InetAddress[] {
                        InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}),
                        InetAddress.getByAddress(host, NetUtil.LOCALHOST6.getAddress())});
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // a 4- or 16-byte address is always accepted
            }
        }
        return nettyDns().addresses(name);
    }

    private static InetAddress[] resolve(String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    /** Tries {@code addresses[index]}, then the next one on failure; fails with the last cause. */
    private CompletableFuture<Connection> attempt(String host, int port, InetAddress[] addresses, int index,
            ProbeOptions options, TranscriptRecorder recorder, Throwable lastCause, CallerDrivenLoop loop) {
        if (index >= addresses.length) {
            return CompletableFuture.failedFuture(failed(host, port, lastCause, recorder));
        }
        var remote = new InetSocketAddress(addresses[index], port);
        var result = new CompletableFuture<Connection>();
        var conversation = new ConversationHandler(recorder, options.timeouts().greeting(), host);
        TlsSession implicit = null;
        if (options.tls().mode() == TlsMode.IMPLICIT) {
            try { // before connecting: settings that cannot even make an engine open no connection
                implicit = implicitTls(host, port, options, recorder, conversation);
            } catch (java.security.GeneralSecurityException | RuntimeException e) {
                return CompletableFuture.failedFuture(TlsSession.setupFailure(e, options.tls(), null, recorder,
                        dev.smtpprobe.ClosedBy.NEVER_OPENED));
            }
        }
        ProxyHeaderWriter proxy = null;
        if (options.proxyHeader().isPresent()) {
            String[] problem = new String[1];
            proxy = ProxyHeaderWriter.forConnection(options.proxyHeader().get(), remote, recorder, problem);
            if (proxy == null) { // before connecting: nothing reaches the server
                recorder.info("not connected to " + remote + ": " + problem[0]);
                return CompletableFuture.failedFuture(new dev.smtpprobe.InvalidArgumentException("proxy header", -1,
                        problem[0], recorder.snapshot()));
            }
        }
        ChannelFuture connect = open(options, conversation, implicit, proxy, loop, remote);
        connect.addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                Channel ch = f.channel();
                if (loop != null) { // the loop lives as long as this channel
                    drivenChannels.add(ch);
                    ch.closeFuture().addListener(closed -> {
                        drivenChannels.remove(ch);
                        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
                    });
                    if (this.closed) {
                        ch.close(); // the transport closed while this connected: it must not outlive it
                    }
                }
                result.complete(new NettyConnection(ch, conversation, recorder, this::onIoThread, options.replyLimits(), loop));
            } else {
                recorder.info("connect to " + remote.getAddress().getHostAddress() + ":" + port + " failed: " + f.cause().getMessage());
                attempt(host, port, addresses, index + 1, options, recorder, f.cause(), loop).whenComplete((c, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(c);
                    }
                });
            }
        });
        return result;
    }

    /**
     * Opens a channel on {@code loop} (the shared group when null) and connects it to {@code remote}: the pipeline is
     * the PROXY header writer first when {@code proxy} is given, TLS when {@code implicit} is, then decoder, encoder,
     * conversation. What Netty's {@code Bootstrap} does (create, configure, register, then connect on the channel's
     * loop, closing the channel when the connect fails), without its per-connection maps, channel factory and
     * initializer handler: a blocking connect opens a channel per conversation.
     */
    private ChannelFuture open(ProbeOptions options, ConversationHandler conversation, TlsSession implicit,
            ProxyHeaderWriter proxy, CallerDrivenLoop loop, InetSocketAddress remote) {
        Channel ch = IoFlavour.chosen().newSocketChannel(); // holds a socket descriptor from here on
        try {
            ch.config().setOption(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                    (int) Math.min(Integer.MAX_VALUE, options.timeouts().connect().toMillis()));
            ch.config().setOption(ChannelOption.TCP_NODELAY, true);
            if (implicit != null) {
                ch.pipeline().addLast(TLS, implicit.handler());
            }
            if (proxy != null) {
                proxy.addTo(ch.pipeline()); // the header's bytes come first, before any TLS
            }
            ch.pipeline()
                    .addLast(DECODER, new ReplyDecoder(options.replyLimits()))
                    .addLast(ENCODER, new SmtpRequestEncoder())
                    .addLast(CONVERSATION, conversation);
        } catch (RuntimeException e) {
            ch.unsafe().closeForcibly();
            throw e;
        }
        EventLoop target = loop != null ? loop : group.next();
        ChannelPromise connected = new DefaultChannelPromise(ch, target);
        ChannelFuture registered = target.register(new DefaultChannelPromise(ch, target));
        registered.addListener((ChannelFuture r) -> {
            if (!r.isSuccess()) {
                if (ch.isRegistered()) {
                    ch.close();
                } else {
                    ch.unsafe().closeForcibly();
                }
                connected.setFailure(r.cause());
                return;
            }
            InetSocketAddress local = options.localAddress().orElse(null);
            if (local == null) {
                ch.connect(remote, connected);
            } else {
                ch.connect(remote, local, connected);
            }
            connected.addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        });
        return connected;
    }

    /**
     * Implicit TLS (RFC 8314 §3.3): the handshake before the greeting, which then waits for it. The listener is
     * in place before the channel is: with settings the JDK refuses, the handshake fails as soon as it starts.
     */
    private static TlsSession implicitTls(String host, int port, ProbeOptions options, TranscriptRecorder recorder,
            ConversationHandler conversation) throws java.security.GeneralSecurityException {
        TlsSession session = TlsSession.create(options.tls(), host, port);
        if (options.tls().isInsecure()) {
            recorder.info("certificate verification is OFF (trustAllCertificatesInsecure)");
        }
        conversation.onHandshake(done -> {
            if (done.isSuccess()) {
                conversation.tlsEstablished(session.facts());
            } else {
                conversation.tlsFailed(session.failure(done.cause(), null, recorder, conversation.closedSoFar()));
            }
        });
        return session;
    }

    private static ConnectFailedException failed(String host, int port, Throwable cause, TranscriptRecorder recorder) {
        var reason = ConnectFailures.classify(cause);
        recorder.info("could not connect to " + host + ":" + port + ": " + reason);
        return new ConnectFailedException(reason, host, port, cause, recorder.snapshot());
    }

    /**
     * True on any of this transport's I/O threads, where a blocking wait could deadlock: the shared group's, and a
     * thread while it drives a caller-driven loop (in a callback of a step).
     */
    @Override
    public boolean onIoThread() {
        if (CallerDrivenLoop.drivenByCurrentThread()) {
            return true;
        }
        for (EventExecutor e : groupExecutors) {
            if (e.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public DnsClient dns() {
        return nettyDns();
    }

    private synchronized NettyDnsClient nettyDns() {
        if (closed) {
            throw new IllegalStateException("the transport is closed: no DNS lookup");
        }
        if (dns == null) {
            dns = new NettyDnsClient(group.next(), dnsOptions);
        }
        return dns;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (dns != null) {
                dns.close();
            }
        }
        drivenChannels.forEach(Channel::close); // their loops end with them
        resolver.shutdownNow();
        handlers.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
