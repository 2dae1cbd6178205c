package dev.smtpprobe;

import java.net.InetAddress;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The attributes of a Postfix {@code XFORWARD} command (Postfix XFORWARD_README): facts about the original client
 * that a content filter or proxy forwards, for the server's logging of the next mail transaction (Postfix logs
 * {@code orig_client=NAME[ADDR]} beside the real client with the queue id); unlike {@link XClient}, access rules
 * still judge the real client. Only clients the
 * server authorizes may send it ({@code smtpd_authorized_xforward_hosts}); it is sent before {@code MAIL FROM}
 * and answered {@code 250} when taken. Values are xtext-encoded (RFC 3461 §4). Immutable; build with
 * {@link #builder()}.
 */
public final class XForward {

    /** The attribute names of XFORWARD, in the order they are sent. */
    public enum Attribute {
        /** The original client's host name, or {@link XClient#UNAVAILABLE}. */
        NAME,
        /** The original client's IP address: dotted IPv4, or {@code IPV6:} and the IPv6 address. */
        ADDR,
        /** The original client's TCP port. */
        PORT,
        /** The protocol the original client used: {@code SMTP}, {@code ESMTP} or another protocol's name. */
        PROTO,
        /** The name the original client gave in HELO or EHLO. */
        HELO,
        /** The queue id of the message at the forwarding server, for logging. */
        IDENT,
        /** Where the message came from: {@code LOCAL} or {@code REMOTE}. */
        SOURCE
    }

    /** The values of an XFORWARD {@code SOURCE} attribute. */
    public enum Source {
        /** The message was submitted on the forwarding host itself. */
        LOCAL,
        /** The message came from a remote client. */
        REMOTE
    }

    private final Map<Attribute, String> attributes;

    private XForward(Map<Attribute, String> attributes) {
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

    /** The command line as sent: {@code XFORWARD NAME=... ADDR=...}, every value xtext-encoded (no CRLF). */
    public String commandLine() {
        return "XFORWARD " + ClientAttributes.line(attributes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof XForward x && x.attributes.equals(attributes);
    }

    @Override
    public int hashCode() {
        return attributes.hashCode();
    }

    @Override
    public String toString() {
        return commandLine();
    }

    /** Builds an {@link XForward}; each setter replaces an earlier value of its attribute. */
    public static final class Builder {
        private final EnumMap<Attribute, String> attributes = new EnumMap<>(Attribute.class);

        private Builder() {}

        /** {@code NAME}: the original client's host name. */
        public Builder name(String hostName) {
            return set(Attribute.NAME, hostName);
        }

        /** {@code ADDR}: the original client's address (IPv6 is sent as {@code IPV6:address}). */
        public Builder addr(InetAddress address) {
            return set(Attribute.ADDR, ClientAttributes.address(address));
        }

        /** {@code PORT}: the original client's port, 0 to 65535. */
        public Builder port(int port) {
            return set(Attribute.PORT, ClientAttributes.port(port));
        }

        /** {@code PROTO}: the original client's protocol, e.g. {@code ESMTP}. */
        public Builder proto(String protocol) {
            return set(Attribute.PROTO, protocol);
        }

        /** {@code HELO}: the original client's HELO/EHLO name. */
        public Builder helo(String name) {
            return set(Attribute.HELO, name);
        }

        /** {@code IDENT}: the forwarding server's queue id of the message. */
        public Builder ident(String queueId) {
            return set(Attribute.IDENT, queueId);
        }

        /** {@code SOURCE}: local or remote origin. */
        public Builder source(Source source) {
            return set(Attribute.SOURCE, Objects.requireNonNull(source, "source").name());
        }

        /**
         * Any attribute with any non-empty value, xtext-encoded when sent.
         *
         * @throws IllegalArgumentException for an empty value
         */
        public Builder set(Attribute attribute, String value) {
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(value, "value");
            if (value.isEmpty()) {
                throw new IllegalArgumentException("XFORWARD " + attribute + " value must not be empty (use "
                        + XClient.UNAVAILABLE + ")");
            }
            attributes.put(attribute, value);
            return this;
        }

        /**
         * The XFORWARD value.
         *
         * @throws IllegalStateException when no attribute was set
         */
        public XForward build() {
            if (attributes.isEmpty()) {
                throw new IllegalStateException("XFORWARD needs at least one attribute");
            }
            return new XForward(attributes);
        }
    }
}
