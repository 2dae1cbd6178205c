package dev.smtpprobe;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ESMTP parameters of one {@code RCPT TO}, typed: {@code NOTIFY} and {@code ORCPT} (RFC 3461 §4.1, §4.2), plus
 * raw ones. Immutable; build with {@link #builder()}.
 *
 * <p>Every parameter is checked when the command is built, before anything is sent: one
 * {@code esmtp-keyword ["=" esmtp-value]} token (RFC 5321 §4.1.2); an {@code rfc822;} ORCPT value is xtext
 * (RFC 3461 §4), which {@link Builder#originalRecipient(String)} encodes.
 */
public final class RcptParameters {

    /** When a DSN is wanted, {@code NOTIFY=} (RFC 3461 §4.1). */
    public enum Notify {
        /** Never (alone). */
        NEVER,
        /** On delivery. */
        SUCCESS,
        /** On failure. */
        FAILURE,
        /** On delay. */
        DELAY
    }

    /** No parameter at all. */
    public static final RcptParameters NONE = builder().build();

    private final Set<Notify> notify;
    private final String orcpt;
    private final List<String> raw;

    private RcptParameters(Builder b) {
        this.notify = b.notify.isEmpty() ? Set.of() : EnumSet.copyOf(b.notify);
        this.orcpt = b.orcpt;
        this.raw = List.copyOf(b.raw);
    }

    /** A builder with no parameter. */
    public static Builder builder() {
        return new Builder();
    }

    /** The parameters in the order they are written: NOTIFY, ORCPT, then the raw ones. */
    public List<String> toList() {
        var out = new ArrayList<String>();
        if (!notify.isEmpty()) {
            out.add("NOTIFY=" + notify.stream().map(Enum::name).collect(Collectors.joining(",")));
        }
        if (orcpt != null) {
            out.add("ORCPT=rfc822;" + XText.encode(orcpt));
        }
        out.addAll(raw);
        return out;
    }

    @Override
    public String toString() {
        return String.join(" ", toList());
    }

    /** Builds {@link RcptParameters}. */
    public static final class Builder {
        private final Set<Notify> notify = EnumSet.noneOf(Notify.class);
        private String orcpt;
        private final List<String> raw = new ArrayList<>();

        private Builder() {}

        /** {@code NOTIFY=NEVER} or any of SUCCESS, FAILURE, DELAY; NEVER cannot be combined (RFC 3461 §4.1). */
        public Builder notify(Notify first, Notify... more) {
            var all = EnumSet.of(first, more);
            if (all.contains(Notify.NEVER) && all.size() > 1) {
                throw new IllegalArgumentException("NOTIFY=NEVER cannot be combined with " + all);
            }
            notify.clear();
            notify.addAll(all);
            return this;
        }

        /** {@code ORCPT=rfc822;address} (RFC 3461 §4.2), the address xtext-encoded. */
        public Builder originalRecipient(String address) {
            this.orcpt = Objects.requireNonNull(address, "address");
            return this;
        }

        /** Any other parameter as written: one {@code keyword[=value]} token (RFC 5321 §4.1.2), checked when sent. */
        public Builder raw(String parameter) {
            this.raw.add(Objects.requireNonNull(parameter, "parameter"));
            return this;
        }

        /** The parameters. */
        public RcptParameters build() {
            return new RcptParameters(this);
        }
    }
}
