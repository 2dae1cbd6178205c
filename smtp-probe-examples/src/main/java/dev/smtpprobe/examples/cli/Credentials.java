package dev.smtpprobe.examples.cli;

import java.util.Objects;

/**
 * What {@code --auth} authenticates with. {@link #toString()} never shows the password.
 *
 * @param type     the mechanism, or ANY
 * @param user     the user name ({@code DOMAIN\\user} for NTLM)
 * @param password the password (the access token for XOAUTH2)
 */
public record Credentials(AuthType type, String user, String password) {

    /** Checks for nulls. */
    public Credentials {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** The mechanism and the user; the password redacted. */
    @Override
    public String toString() {
        return "Credentials[" + type + ", user=" + user + ", password=<redacted>]";
    }
}
