package dev.fanout.client;

import dev.fanout.client.internal.UrlText;
import java.util.Objects;

/**
 * Why one request ended without a response. It is a value in {@link Result#error()}, not
 * something {@code fetchAll} throws: a failing request never fails its batch.
 * {@link Result#bodyAsString()} throws it for a failed result.
 *
 * <p>The message names the URL and what went wrong; the URL's password, if it has one, is
 * never shown ({@code http://alice:****@host/}, see {@link Request#redactedUrl()}). Immutable
 * and thread-safe.
 */
public final class FetchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;
    private final String url;

    /**
     * Creates an exception of {@code kind} for {@code url}; the message reads
     * {@code "<KIND> <url>: <detail>"}, the URL's password replaced by {@code ****}.
     *
     * @param kind why the request failed
     * @param url the request's URL (may be null when the request itself was null); kept without its password
     * @param detail what went wrong, in words
     * @param cause the underlying exception, or null
     */
    public FetchException(ErrorKind kind, String url, String detail, Throwable cause) {
        super(Objects.requireNonNull(kind, "kind") + " " + UrlText.redact(url) + ": " + detail, cause);
        this.kind = kind;
        this.url = UrlText.redact(url);
    }

    /** Returns why the request failed. */
    public ErrorKind kind() {
        return kind;
    }

    /**
     * Returns the URL of the request that failed (the last one, after redirects), its password
     * replaced by {@code ****}; or null for a null request.
     */
    public String url() {
        return url;
    }
}
