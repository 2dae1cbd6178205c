package dev.smtpprobe;

import java.net.InetAddress;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The attributes of a Postfix {@code XCLIENT} command (Postfix XCLIENT_README): the client a proxy or a test claims
 * to be, so that the server applies its access rules, logging and relay decisions to that client instead of the
 * real one. Only clients the server authorizes may send it ({@code smtpd_authorized_xclient_hosts}); the EHLO reply
 * of such a server lists {@code XCLIENT} with the attribute names it knows ({@link Capabilities#xclientAttributes()}).
 *
 * <p>Every value is sent xtext-encoded (RFC 3461 §4, as XCLIENT_README requires), so no value can end the command
 * line or add an attribute. {@link #UNAVAILABLE} and {@link #TEMPUNAVAIL} are the special values for "the proxy
 * does not know" and "a lookup failed for now". Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * XClientResult r = hello.xclient(XClient.builder()
 *         .addr(InetAddress.getByName("192.0.2.25")).name("spoofed.example.test").build());
 * if (r.isAccepted()) { Hello again = r.ehlo("client.test"); ... }
 * }</pre>
 */
public final class XClient {

    /** The special value "the information is not available" ({@code [UNAVAILABLE]}). */
    public static final String UNAVAILABLE = "[UNAVAILABLE]";
    /** The special value "the information is temporarily not available" ({@code [TEMPUNAVAIL]}), e.g. DNS failed. */
    public static final String TEMPUNAVAIL = "[TEMPUNAVAIL]";

    /** The attribute names of XCLIENT, in the order they are sent. */
    public enum Attribute {
        /** The client's verified host name (forward-confirmed reverse DNS), or a special value. */
        NAME,
        /** The client's host name from reverse DNS, not verified. */
        REVERSE_NAME,
        /** The client's IP address: dotted IPv4, or {@code IPV6:} and the IPv6 address. */
        ADDR,
        /** The client's TCP port. */
        PORT,
        /** The protocol the client greeted with: {@code SMTP} (HELO) or {@code ESMTP} (EHLO). */
        PROTO,
        /** The name the client gave in HELO or EHLO. */
        HELO,
        /** The SASL login name the client authenticated as (Postfix applies it only where SASL is active for the session). */
        LOGIN,
        /** The server address the client connected to. */
        DESTADDR,
        /** The server port the client connected to. */
        DESTPORT
    }

    /** The protocol an XCLIENT {@code PROTO} attribute claims. */
    public enum Proto {
        /** The client greeted with HELO. */
        SMTP,
        /** The client greeted with EHLO. */
        ESMTP
    }

    private final Map<Attribute, String> attributes;

    private XClient(Map<Attribute, String> attributes) {
        this.attributes = Collections.unmodifiableMap(new EnumMap<>(attributes));
    }

    /** A builder with no attribute set; at least one is needed. */
    public static Builder builder() {
        return new Builder();
    }

    /** The attributes and their values before xtext encoding, in the order they are sent. */
    public Map<Attribute, String> attributes() {
        return attributes;
    }

    /** The command line as sent: {@code XCLIENT NAME=... ADDR=...}, every value xtext-encoded (no CRLF). */
    public String commandLine() {
        return "XCLIENT " + ClientAttributes.line(attributes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof XClient x && x.attributes.equals(attributes);
    }

    @Override
    public int hashCode() {
        return attributes.hashCode();
    }

    @Override
    public String toString() {
        return commandLine();
    }

    /** Builds an {@link XClient}; each setter replaces an earlier value of its attribute. */
    public static final class Builder {
        private final EnumMap<Attribute, String> attributes = new EnumMap<>(Attribute.class);

        private Builder() {}

        /** {@code NAME}: the verified host name claimed. */
        public Builder name(String hostName) {
            return set(Attribute.NAME, hostName);
        }

        /** {@code REVERSE_NAME}: the unverified reverse-DNS name claimed. */
        public Builder reverseName(String hostName) {
            return set(Attribute.REVERSE_NAME, hostName);
        }

        /** {@code ADDR}: the client address claimed (IPv6 is sent as {@code IPV6:address}). */
        public Builder addr(InetAddress address) {
            return set(Attribute.ADDR, ClientAttributes.address(address));
        }

        /** {@code PORT}: the client port claimed, 0 to 65535. */
        public Builder port(int port) {
            return set(Attribute.PORT, ClientAttributes.port(port));
        }

        /** {@code PROTO}: the greeting protocol claimed. */
        public Builder proto(Proto proto) {
            return set(Attribute.PROTO, Objects.requireNonNull(proto, "proto").name());
        }

        /** {@code HELO}: the HELO/EHLO name claimed. */
        public Builder helo(String name) {
            return set(Attribute.HELO, name);
        }

        /** {@code LOGIN}: the SASL login name claimed (no password: the server takes the proxy's word). */
        public Builder login(String user) {
            return set(Attribute.LOGIN, user);
        }

        /** {@code DESTADDR}: the server address the claimed client connected to. */
        public Builder destAddr(InetAddress address) {
            return set(Attribute.DESTADDR, ClientAttributes.address(address));
        }

        /** {@code DESTPORT}: the server port the claimed client connected to, 0 to 65535. */
        public Builder destPort(int port) {
            return set(Attribute.DESTPORT, ClientAttributes.port(port));
        }

        /** Sends {@link #UNAVAILABLE} for the attribute. */
        public Builder unavailable(Attribute attribute) {
            return set(attribute, UNAVAILABLE);
        }

        /** Sends {@link #TEMPUNAVAIL} for the attribute. */
        public Builder tempUnavailable(Attribute attribute) {
            return set(attribute, TEMPUNAVAIL);
        }

        /**
         * Any attribute with any non-empty value, xtext-encoded when sent: for values the typed setters do not make
         * (a malformed address to test the server's checks).
         *
         * @throws IllegalArgumentException for an empty value
         */
        public Builder set(Attribute attribute, String value) {
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(value, "value");
            if (value.isEmpty()) {
                throw new IllegalArgumentException("XCLIENT " + attribute + " value must not be empty (use "
                        + "unavailable(" + attribute + ") for [UNAVAILABLE])");
            }
            attributes.put(attribute, value);
            return this;
        }

        /**
         * The XCLIENT value.
         *
         * @throws IllegalStateException when no attribute was set
         */
        public XClient build() {
            if (attributes.isEmpty()) {
                throw new IllegalStateException("XCLIENT needs at least one attribute");
            }
            return new XClient(attributes);
        }
    }
}
