package dev.smtpprobe;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;

/** What XCLIENT and XFORWARD share: {@code NAME=value} pairs with xtext values, addresses and ports as text. */
final class ClientAttributes {

    private ClientAttributes() {}

    /** {@code A=v B=w ...} in the map's order, each value xtext-encoded (RFC 3461 §4). */
    static String line(Map<? extends Enum<?>, String> attributes) {
        var out = new StringBuilder();
        for (var e : attributes.entrySet()) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(e.getKey().name()).append('=').append(XText.encode(e.getValue()));
        }
        return out.toString();
    }

    /** Dotted IPv4, or {@code IPV6:} and the address without a scope (Postfix's form for both commands). */
    static String address(InetAddress address) {
        Objects.requireNonNull(address, "address");
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        if (scope >= 0) {
            text = text.substring(0, scope);
        }
        return address instanceof Inet6Address ? "IPV6:" + text : text;
    }

    /** A TCP port as text; refuses what is not 0 to 65535. */
    static String port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535: " + port);
        }
        return Integer.toString(port);
    }
}
