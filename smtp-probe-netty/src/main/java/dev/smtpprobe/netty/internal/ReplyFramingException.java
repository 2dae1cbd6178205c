package dev.smtpprobe.netty.internal;

import io.netty.handler.codec.DecoderException;

/** Bytes that are not a valid SMTP reply; carries what was wrong and a bounded excerpt of the bytes. */
final class ReplyFramingException extends DecoderException {

    private static final long serialVersionUID = 1L;

    private final byte[] excerpt;

    ReplyFramingException(String what, byte[] excerpt) {
        super(what);
        this.excerpt = excerpt;
    }

    byte[] excerpt() {
        return excerpt.clone();
    }
}
