package dev.smtpprobe;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The ESMTP parameters of {@code MAIL FROM}, typed: {@code SIZE} (RFC 1870), {@code BODY} (RFC 6152, RFC 3030),
 * {@code SMTPUTF8} (RFC 6531), {@code RET} and {@code ENVID} (RFC 3461), plus raw ones for anything else. Immutable;
 * build with {@link #builder()}.
 */
public final class MailParameters {

    /** The message body type of {@code BODY=} (RFC 6152 §2, RFC 3030 §3). */
    public enum Body {
        /** {@code BODY=7BIT}. */
        SEVEN_BIT("7BIT"),
        /** {@code BODY=8BITMIME}. */
        EIGHT_BIT_MIME("8BITMIME"),
        /** {@code BODY=BINARYMIME}: only with BDAT (RFC 3030 §3). */
        BINARYMIME("BINARYMIME");

        private final String keyword;

        Body(String keyword) {
            this.keyword = keyword;
        }

        /** The value as written on the wire. */
        public String keyword() {
            return keyword;
        }
    }

    /** What a DSN returns of the message, {@code RET=} (RFC 3461 §4.3). */
    public enum Ret {
        /** The whole message. */
        FULL,
        /** Only the headers. */
        HDRS
    }

    /** No parameter at all. */
    public static final MailParameters NONE = builder().build();

    private final Long size;
    private final Body body;
    private final boolean smtpUtf8;
    private final Ret ret;
    private final String envId;
    private final List<String> raw;

    private MailParameters(Builder b) {
        this.size = b.size;
        this.body = b.body;
        this.smtpUtf8 = b.smtpUtf8;
        this.ret = b.ret;
        this.envId = b.envId;
        this.raw = List.copyOf(b.raw);
    }

    /** A builder with no parameter. */
    public static Builder builder() {
        return new Builder();
    }

    /** The declared message size, when set. */
    public OptionalLong size() {
        return size == null ? OptionalLong.empty() : OptionalLong.of(size);
    }

    /** The body type, typed or given raw as {@code BODY=...}; null when none. */
    public Body body() {
        if (body != null) {
            return body;
        }
        for (String p : raw) {
            for (Body b : Body.values()) {
                if (p.equalsIgnoreCase("BODY=" + b.keyword())) {
                    return b;
                }
            }
        }
        return null;
    }

    /** Whether {@code SMTPUTF8} is requested, typed or raw (UTF-8 addresses in this transaction). */
    public boolean smtpUtf8() {
        return smtpUtf8 || raw.stream().anyMatch(p -> p.equalsIgnoreCase("SMTPUTF8"));
    }

    /** Parameters given as strings, kept as raw ones. */
    static MailParameters raw(String... params) {
        var b = builder();
        for (String p : params) {
            b.raw(p);
        }
        return b.build();
    }

    /** The parameters in the order they are written: SIZE, BODY, SMTPUTF8, RET, ENVID, then the raw ones. */
    public List<String> toList() {
        var out = new ArrayList<String>();
        if (size != null) {
            out.add("SIZE=" + size);
        }
        if (body != null) {
            out.add("BODY=" + body.keyword());
        }
        if (smtpUtf8) {
            out.add("SMTPUTF8");
        }
        if (ret != null) {
            out.add("RET=" + ret.name());
        }
        if (envId != null) {
            out.add("ENVID=" + XText.encode(envId));
        }
        out.addAll(raw);
        return out;
    }

    @Override
    public String toString() {
        return String.join(" ", toList());
    }

    /** Builds {@link MailParameters}. */
    public static final class Builder {
        private Long size;
        private Body body;
        private boolean smtpUtf8;
        private Ret ret;
        private String envId;
        private final List<String> raw = new ArrayList<>();

        private Builder() {}

        /** {@code SIZE=n}: the message size in octets (RFC 1870); checked against the server's advertised SIZE. */
        public Builder size(long octets) {
            if (octets < 0) {
                throw new IllegalArgumentException("SIZE must be >= 0");
            }
            this.size = octets;
            return this;
        }

        /** {@code BODY=}. */
        public Builder body(Body body) {
            this.body = Objects.requireNonNull(body, "body");
            return this;
        }

        /** {@code SMTPUTF8}: addresses of this transaction may be UTF-8 (RFC 6531); needs the server's SMTPUTF8. */
        public Builder smtpUtf8() {
            this.smtpUtf8 = true;
            return this;
        }

        /** {@code RET=FULL|HDRS} (RFC 3461 §4.3). */
        public Builder ret(Ret ret) {
            this.ret = Objects.requireNonNull(ret, "ret");
            return this;
        }

        /** {@code ENVID=}: the envelope id for DSNs (RFC 3461 §4.4), xtext-encoded on the wire. */
        public Builder envId(String envId) {
            this.envId = Objects.requireNonNull(envId, "envId");
            return this;
        }

        /** Any other parameter as written, e.g. {@code MT-PRIORITY=3}; checked like every argument. */
        public Builder raw(String parameter) {
            this.raw.add(Objects.requireNonNull(parameter, "parameter"));
            return this;
        }

        /** The parameters. */
        public MailParameters build() {
            return new MailParameters(this);
        }
    }
}
