package dev.fanout.client.internal;

import dev.fanout.client.ErrorKind;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/** Maps what Netty and the JDK throw during an exchange to an {@link ErrorKind} and words. */
final class Failures {

    /**
     * Netty's native transport words a socket error as the system call that saw it, then the
     * reason ({@code "recvAddress(..) failed: Connection reset by peer"}); the reason is what a
     * reader needs.
     */
    private static final Pattern NATIVE_CALL_FAILED =
            Pattern.compile("\\w+\\(\\.\\.\\) failed(?: with error\\(-?\\d+\\))?: (.+)");

    private Failures() {}

    /** Returns the kind of a failure seen on an established connection. */
    static ErrorKind kindOf(Throwable cause) {
        if (cause instanceof PrematureChannelClosureException) {
            return ErrorKind.CLOSED;
        }
        if (cause instanceof SSLException
                || cause instanceof DecoderException && cause.getCause() instanceof SSLException) {
            return ErrorKind.TLS;
        }
        if (cause instanceof TooLongFrameException
                || cause instanceof DecoderException
                || cause instanceof IllegalArgumentException) {
            return ErrorKind.PROTOCOL;
        }
        if (cause instanceof ConnectTimeoutException) {
            return ErrorKind.CONNECT;
        }
        if (cause instanceof IOException) {
            return ErrorKind.CLOSED;
        }
        return ErrorKind.PROTOCOL;
    }

    /** Returns a one-line description: the exception's simple name and message, and its root cause's. */
    static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown";
        }
        if (cause instanceof ClosedChannelException) {
            return "connection closed";
        }
        if (cause instanceof IOException && cause.getMessage() != null && cause.getCause() == null) {
            Matcher nativeCall = NATIVE_CALL_FAILED.matcher(cause.getMessage());
            if (nativeCall.matches()) {
                String reason = nativeCall.group(1);
                return Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
            }
        }
        StringBuilder s = new StringBuilder(cause.getClass().getSimpleName());
        if (cause.getMessage() != null) {
            s.append(": ").append(cause.getMessage());
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != cause && root.getMessage() != null && !s.toString().contains(root.getMessage())) {
            s.append(" (")
                    .append(root.getClass().getSimpleName())
                    .append(": ")
                    .append(root.getMessage())
                    .append(')');
        }
        return s.toString();
    }

    /**
     * Returns why a connect failed in the words people use, the exception's own for the rare
     * ones; {@code connectTimeoutMillis} is the timeout a connect that got no answer ran into.
     */
    static String describeConnect(Throwable cause, int connectTimeoutMillis) {
        if (cause instanceof ConnectTimeoutException) {
            return "no answer within the connect timeout (" + connectTimeoutMillis + " ms)";
        }
        String message = cause instanceof ConnectException ? cause.getMessage() : null;
        if (message != null && message.contains("Connection refused")) {
            return "connection refused";
        }
        return describe(cause);
    }
}
