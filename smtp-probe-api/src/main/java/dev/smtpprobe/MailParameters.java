package dev.smtpprobe;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The ESMTP parameters of {@code MAIL FROM}, typed: {@code SIZE} (RFC 1870), {@code BODY} (RFC 6152, RFC 3030),
 * {@code SMTPUTF8} (RFC 6531), {@code RET} and {@code ENVID} (RFC 3461), {@code AUTH} (RFC 4954 §5), {@code PRDR}
 * (draft-hall-prdr-00), {@code REQUIRETLS} (RFC 8689), plus raw ones for anything else. Immutable; build with {@link #builder()}.
 *
 * <p>Every parameter, typed or raw, is checked when the command is built, before anything is sent: one token of the
 * form {@code esmtp-keyword ["=" esmtp-value]} (RFC 5321 §4.1.2), so no SP, HT, control or second {@code =} can
 * smuggle in another parameter; ENVID, AUTH and ORCPT values are xtext (RFC 3461 §4), which the typed setters
 * encode. A raw parameter means what it says: {@code SIZE=n}, {@code BODY=...}, {@code SMTPUTF8}, {@code PRDR} and
 * {@code REQUIRETLS} given raw are read as the typed ones are (the SIZE pre-check, the SMTPUTF8 check, UTF-8
 * addresses, PRDR's replies and REQUIRETLS's refusal apply to them too).
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
    private final String auth;
    private final boolean prdr;
    private final boolean requireTls;
    private final List<String> raw;

    private MailParameters(Builder b) {
        this.size = b.size;
        this.body = b.body;
        this.smtpUtf8 = b.smtpUtf8;
        this.ret = b.ret;
        this.envId = b.envId;
        this.auth = b.auth;
        this.prdr = b.prdr;
        this.requireTls = b.requireTls;
        this.raw = List.copyOf(b.raw);
    }

    /** A builder with no parameter. */
    public static Builder builder() {
        return new Builder();
    }

    /** The declared message size, typed or given raw as {@code SIZE=n} (the first that is a number); empty when none. */
    public OptionalLong size() {
        if (size != null) {
            return OptionalLong.of(size);
        }
        for (String value : sizeValues()) {
            if (!value.isEmpty() && value.length() < 19 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return OptionalLong.of(Long.parseLong(value));
            }
        }
        return OptionalLong.empty();
    }

    /** The value of every {@code SIZE=} parameter as it will be written, typed and raw, in order. */
    List<String> sizeValues() {
        var out = new ArrayList<String>();
        for (String p : toList()) {
            if (p.regionMatches(true, 0, "SIZE=", 0, 5)) {
                out.add(p.substring(5));
            }
        }
        return out;
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
        return smtpUtf8 || rawHas("SMTPUTF8");
    }

    /**
     * Whether {@code PRDR} is requested, typed or raw: the end of the message is then answered by a {@code 353}, one
     * reply per accepted recipient and a final one (draft-hall-prdr-00 §3), read as {@link DataResult#recipientReplies()}.
     */
    public boolean prdr() {
        return prdr || rawHas("PRDR");
    }

    /** Whether {@code REQUIRETLS} is requested, typed or raw (RFC 8689). */
    public boolean requireTls() {
        return requireTls || rawHas("REQUIRETLS");
    }

    /** Whether a raw parameter is exactly {@code keyword} (any case). */
    private boolean rawHas(String keyword) {
        for (String p : raw) {
            if (p.equalsIgnoreCase(keyword)) {
                return true;
            }
        }
        return false;
    }

    /** Parameters given as strings, kept as raw ones. */
    static MailParameters raw(String... params) {
        var b = builder();
        for (String p : params) {
            b.raw(p);
        }
        return b.build();
    }

    /**
     * The parameters in the order they are written: SIZE, BODY, SMTPUTF8, RET, ENVID, AUTH, PRDR, REQUIRETLS, then the
     * raw ones.
     */
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
        if (auth != null) {
            out.add("AUTH=" + (auth.isEmpty() ? "<>" : XText.encode(auth)));
        }
        if (prdr) {
            out.add("PRDR");
        }
        if (requireTls) {
            out.add("REQUIRETLS");
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
        private String auth;
        private boolean prdr;
        private boolean requireTls;
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

        /**
         * {@code AUTH=}: the identity that submitted the message, for a server that trusts this client (RFC 4954
         * §5), xtext-encoded on the wire; {@code ""} sends {@code AUTH=<>} (identity unknown).
         */
        public Builder auth(String mailbox) {
            this.auth = Objects.requireNonNull(mailbox, "mailbox");
            return this;
        }

        /**
         * {@code PRDR}: ask for a reply per recipient to the message (draft-hall-prdr-00, offered by Exim and
         * Sendmail): the final dot (or {@code BDAT ... LAST}) is then answered by {@code 353}, one reply per
         * accepted recipient in RCPT order, and a final reply, all read into the {@link DataResult}. Sent as told
         * even when the server did not offer PRDR ({@link Capabilities#supportsPrdr()}); a server that answers the
         * end of the message without {@code 353} gave one reply for all recipients, and only that one is read.
         */
        public Builder prdr() {
            this.prdr = true;
            return this;
        }

        /**
         * {@code REQUIRETLS} (RFC 8689 §4): the message must travel only over verified TLS, to this server and
         * beyond. Refused before anything is sent ({@link NotSentException.Reason#REQUIRETLS_NOT_POSSIBLE}) when the
         * connection has no TLS, when certificate verification is off, or when the server did not offer REQUIRETLS
         * (RFC 8689 §4.2.1: such a message must not be handed to it).
         */
        public Builder requireTls() {
            this.requireTls = true;
            return this;
        }

        /**
         * Any other parameter as written, e.g. {@code MT-PRIORITY=3}: one {@code keyword[=value]} token (RFC 5321
         * §4.1.2), checked when the command is built; {@code SIZE=}, {@code BODY=} and {@code SMTPUTF8} given here
         * count as the typed ones.
         */
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
