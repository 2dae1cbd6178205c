package dev.smtpprobe.netty.internal;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Which of Netty's I/O transports the connections use: the native epoll transport on Linux where its library loads
 * (fewer system calls and no JDK selector bookkeeping per event) — from Java 22 on only when the application granted
 * native access, so that no JVM warning is printed — the JDK's NIO everywhere else, or when the system property
 * {@value #PROPERTY} is {@code nio}. The event loops, the socket channels and the DNS client's datagram
 * channels must all come from the same one.
 */
enum IoFlavour {
    /** Netty's JNI epoll transport (netty-transport-native-epoll, linux-x86_64). */
    EPOLL,
    /** The JDK's selector-based NIO. */
    NIO;

    /** {@code epoll} (the default where available) or {@code nio}. */
    static final String PROPERTY = "smtp-probe.io";

    private static final IoFlavour CHOSEN = choose();

    /** The transport of this JVM: epoll unless unavailable or {@value #PROPERTY}={@code nio}. */
    static IoFlavour chosen() {
        return CHOSEN;
    }

    private static IoFlavour choose() {
        if ("nio".equalsIgnoreCase(System.getProperty(PROPERTY, "epoll"))) {
            return NIO;
        }
        try {
            if (!nativeAccessWithoutWarning()) {
                return NIO;
            }
            return Epoll.isAvailable() ? EPOLL : NIO;
        } catch (LinkageError e) { // the classes jar is missing from a trimmed class path
            return NIO;
        }
    }

    /**
     * From Java 22 on, loading a JNI library from a module (or the class path) that was not granted native access
     * prints a "restricted method" warning on standard error (JEP 472), into the output of a tool that embeds us:
     * there the epoll transport is used only when the application granted it ({@code --enable-native-access}, or
     * {@code Enable-Native-Access} in an executable jar's manifest), NIO otherwise. Before Java 22: always.
     */
    private static boolean nativeAccessWithoutWarning() {
        if (Runtime.version().feature() < 22) {
            return true;
        }
        try {
            Module module = Epoll.class.getModule();
            return (Boolean) Module.class.getMethod("isNativeAccessEnabled").invoke(module);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    IoHandlerFactory handlerFactory() {
        return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    Class<? extends SocketChannel> socketChannel() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** A new, unregistered socket channel of this transport (no reflection, as a channel factory would use). */
    SocketChannel newSocketChannel() {
        return this == EPOLL ? new EpollSocketChannel() : new NioSocketChannel();
    }

    Class<? extends DatagramChannel> datagramChannel() {
        return this == EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }
}
