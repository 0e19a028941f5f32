package dev.fanout.cli;

import java.net.Authenticator;
import java.net.PasswordAuthentication;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The {@code --proxy-user USER:PASSWORD} option as the client's proxy authenticator: it gives
 * these credentials to whatever proxy asks ({@link Authenticator.RequestorType#PROXY}), and to
 * nothing else. Immutable; its {@code toString()} never shows the password.
 */
final class ProxyUser extends Authenticator {

    private final String user;
    private final char[] password;

    private ProxyUser(String user, char[] password) {
        this.user = user;
        this.password = password;
    }

    /** Returns the authenticator {@code value} describes, or throws a usage error that never repeats the password. */
    static ProxyUser parse(CommandSpec spec, String value) {
        int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new ParameterException(
                    spec.commandLine(), "--proxy-user: expected USER:PASSWORD (a user name, a colon, a password)");
        }
        return new ProxyUser(
                value.substring(0, colon), value.substring(colon + 1).toCharArray());
    }

    @Override
    protected PasswordAuthentication getPasswordAuthentication() {
        return getRequestorType() == RequestorType.PROXY ? new PasswordAuthentication(user, password.clone()) : null;
    }

    @Override
    public String toString() {
        return "ProxyUser[" + user + ":****]";
    }
}
