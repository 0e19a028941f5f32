package dev.fanout.client.internal;

import java.util.List;
import java.util.Locale;

/**
 * One request, checked and ready to send: made on the caller's thread from a user's
 * {@code Request}, then handed to the loop. Immutable (the body array is not copied again and
 * must not be changed).
 *
 * @param target the parsed URL
 * @param method the method, a legal token
 * @param headerPairs the user's headers, name then value, already checked
 * @param body the body, or null for none
 * @param timeoutNanos the request's timeout, from slot to last body byte
 * @param retryable true when the request opted in to retries whatever its method
 */
public record ExchangeSpec(
        Target target, String method, List<String> headerPairs, byte[] body, long timeoutNanos, boolean retryable) {

    /** A request that did not opt in to retries. */
    public ExchangeSpec(Target target, String method, List<String> headerPairs, byte[] body, long timeoutNanos) {
        this(target, method, headerPairs, body, timeoutNanos, false);
    }

    /** Returns true when the request may be retried: it is idempotent, or opted in. */
    public boolean mayRetry() {
        return retryable || idempotent();
    }

    /** Returns the URL, as given (or as resolved from a redirect). */
    public String url() {
        return target.url();
    }

    /** Returns true when the request itself asks for the connection to close after it ({@code Connection: close}). */
    public boolean closesConnection() {
        for (int i = 0; i < headerPairs.size(); i += 2) {
            if (headerPairs.get(i).equalsIgnoreCase("Connection")
                    && headerPairs.get(i + 1).toLowerCase(Locale.ROOT).contains("close")) {
                return true;
            }
        }
        return false;
    }

    /** Returns true when the request may be sent twice without harm (RFC 9110 §9.2.2). */
    public boolean idempotent() {
        switch (method) {
            case "GET":
            case "HEAD":
            case "PUT":
            case "DELETE":
            case "OPTIONS":
            case "TRACE":
                return true;
            default:
                return false;
        }
    }
}
