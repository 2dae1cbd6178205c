package dev.smtpprobe.netty.internal;

import dev.smtpprobe.ConnectFailure;
import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Locale;

/** Tells why a connect failed from the exception the JDK or Netty raised. */
final class ConnectFailures {

    private ConnectFailures() {}

    static ConnectFailure classify(Throwable cause) {
        if (cause instanceof UnknownHostException) {
            return ConnectFailure.UNRESOLVED;
        }
        if (cause instanceof ConnectTimeoutException || cause instanceof java.net.SocketTimeoutException) {
            return ConnectFailure.TIMED_OUT;
        }
        if (cause instanceof NoRouteToHostException) {
            return ConnectFailure.UNREACHABLE;
        }
        String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("unreachable") || message.contains("no route")) {
            return ConnectFailure.UNREACHABLE;
        }
        if (cause instanceof ConnectException && message.contains("refused")) {
            return ConnectFailure.REFUSED;
        }
        if (cause instanceof ConnectException || cause instanceof SocketException) {
            return message.contains("timed out") ? ConnectFailure.TIMED_OUT : ConnectFailure.OTHER;
        }
        return ConnectFailure.OTHER;
    }
}
