package dev.smtpprobe.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: the native epoll transport where it loads (Linux x86_64, as here) and, from Java 22 on, where the
 * application granted native access; NIO when asked for or elsewhere.
 */
class IoFlavourTest {

    private static boolean nativeAccessEnabled() {
        try {
            return (Boolean) Module.class.getMethod("isNativeAccessEnabled").invoke(Epoll.class.getModule());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theTransportIsEpollOnLinuxX8664UnlessNioIsAskedFor() {
        boolean nioAskedFor = "nio".equals(System.getProperty(IoFlavour.PROPERTY));
        boolean linuxX8664 = System.getProperty("os.name").startsWith("Linux")
                && System.getProperty("os.arch").matches("amd64|x86_64");

        boolean nativeAccessGranted = Runtime.version().feature() < 22 || nativeAccessEnabled();

        if (nioAskedFor || !nativeAccessGranted) { // Java 22+ without native access: no JNI, no JVM warning
            assertThat(IoFlavour.chosen()).isEqualTo(IoFlavour.NIO);
            assertThat(IoFlavour.chosen().socketChannel()).isEqualTo(NioSocketChannel.class);
        } else if (linuxX8664) {
            assertThat(Epoll.isAvailable()).as("native epoll library loads: %s", Epoll.unavailabilityCause()).isTrue();
            assertThat(IoFlavour.chosen()).isEqualTo(IoFlavour.EPOLL);
            assertThat(IoFlavour.chosen().socketChannel()).isEqualTo(EpollSocketChannel.class);
        } else {
            assertThat(IoFlavour.chosen()).isEqualTo(Epoll.isAvailable() ? IoFlavour.EPOLL : IoFlavour.NIO);
        }
    }
}
