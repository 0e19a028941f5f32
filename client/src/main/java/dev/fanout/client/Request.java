package dev.fanout.client;

import dev.fanout.client.internal.UrlText;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request to send: a method, a URL, headers, an optional body and an optional timeout.
 *
 * <pre>{@code
 * Request get = Request.get("https://api.example.com/users/1");
 * Request post = Request.builder("https://api.example.com/users")
 *         .method("POST")
 *         .header("Authorization", "Bearer " + token)
 *         .json(new User("ada"))
 *         .timeout(Duration.ofSeconds(2))
 *         .build();
 * }</pre>
 *
 * <p>The URL is sent as browsers and curl send what people type: non-ASCII characters in the
 * path and query percent-encoded as UTF-8 (existing {@code %XX} escapes left alone), a non-ASCII
 * host name in punycode (the JDK's {@code IDN}, IDNA 2003). A user and password in the URL
 * ({@code http://alice:secret@host/}, percent-decoded) are sent as {@code Authorization: Basic},
 * unless the request sets its own {@code Authorization}; like any {@code Authorization}, it is
 * not sent on to another origin after a redirect. The password is never printed: see
 * {@link #redactedUrl()}.
 *
 * <p>A request is data, checked when it is sent: a malformed URL, an unsupported scheme, an
 * illegal method or a header with CR or LF in it does not throw here; the client answers it
 * with a {@link Result} whose error has kind {@link ErrorKind#INVALID_REQUEST}, and the rest of
 * its batch goes on. Only nulls and out-of-range timeouts throw at once.
 *
 * <p>Immutable and thread-safe (the builder is not: build on one thread).
 */
public final class Request {

    private final String url;
    private final String method;
    private final List<String> headerPairs; // name, value, name, value...
    private final byte[] body;
    private final Object json;
    private final Duration timeout;
    private final boolean retryable;

    private Request(Builder b) {
        this.url = b.url;
        this.method = b.method;
        this.headerPairs = List.copyOf(b.headerPairs); // no nulls: header() refuses them
        this.body = b.body;
        this.json = b.json;
        this.timeout = b.timeout;
        this.retryable = b.retryable;
    }

    /**
     * Returns a GET of {@code url}.
     *
     * @throws NullPointerException if url is null
     */
    public static Request get(String url) {
        return builder(url).build();
    }

    /**
     * Returns a POST of {@code body} (UTF-8) to {@code url}, with
     * {@code Content-Type: text/plain; charset=UTF-8}: text. For JSON use {@link #postJson}, or
     * {@link Builder#jsonBody} for JSON already written.
     *
     * @throws NullPointerException if url or body is null
     */
    public static Request post(String url, String body) {
        return builder(url).method("POST").body(body).build();
    }

    /**
     * Returns a POST of {@code value} written as JSON by the client's {@code ObjectMapper}, with
     * {@code Content-Type: application/json}: {@code Request.postJson(url, Map.of("n", 1))}.
     *
     * @throws NullPointerException if url or value is null
     */
    public static Request postJson(String url, Object value) {
        return builder(url).method("POST").json(value).build();
    }

    /**
     * Returns a builder of a request to {@code url} (a GET unless told otherwise).
     *
     * @throws NullPointerException if url is null
     */
    public static Builder builder(String url) {
        return new Builder(Objects.requireNonNull(url, "url"));
    }

    /**
     * Returns the URL, as given: with its password, if it has one. To print or log a URL, use
     * {@link #redactedUrl()}.
     */
    public String url() {
        return url;
    }

    /**
     * Returns the URL as it may be printed or logged: the password of its user information
     * replaced by {@code ****} ({@code http://alice:secret@host/} gives
     * {@code http://alice:****@host/}); the URL itself when it has no password. The client's own
     * messages, {@link #toString()} and {@link FetchException} show only this form.
     */
    public String redactedUrl() {
        return UrlText.redact(url);
    }

    /** Returns the method, as given (for example {@code "GET"}). */
    public String method() {
        return method;
    }

    /**
     * Returns the headers set on this request, by name as given, values in the order added.
     * The client adds {@code Host}, {@code User-Agent}, {@code Accept-Encoding} and
     * {@code Content-Length} where these do not set them.
     */
    public Map<String, List<String>> headers() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < headerPairs.size(); i += 2) {
            map.computeIfAbsent(headerPairs.get(i), k -> new ArrayList<>()).add(headerPairs.get(i + 1));
        }
        map.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(map);
    }

    /** Returns the first value of header {@code name} (case-insensitive) set on this request, or null. */
    public String header(String name) {
        for (int i = 0; i < headerPairs.size(); i += 2) {
            if (headerPairs.get(i).equalsIgnoreCase(name)) {
                return headerPairs.get(i + 1);
            }
        }
        return null;
    }

    /** Returns the request's own timeout, or null to use the client's {@code requestTimeout}. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Returns true when the request may be retried whatever its method ({@link Builder#retryable});
     * an idempotent one may be in any case.
     */
    public boolean retryable() {
        return retryable;
    }

    /** Returns a copy of the body bytes, or null when there is no body or it is an object sent as JSON. */
    public byte[] body() {
        return body == null ? null : body.clone();
    }

    /** Returns a builder that starts from this request. */
    public Builder toBuilder() {
        Builder b = new Builder(url);
        b.method = method;
        b.headerPairs.addAll(headerPairs);
        b.body = body;
        b.json = json;
        b.timeout = timeout;
        b.retryable = retryable;
        return b;
    }

    /** The header pairs, name then value, for the client. */
    List<String> headerPairs() {
        return headerPairs;
    }

    /** The body without a copy, for the client. */
    byte[] bodyBytes() {
        return body;
    }

    /** The object to send as JSON, or null. */
    Object jsonBody() {
        return json;
    }

    /** Returns the method and the {@linkplain #redactedUrl() redacted} URL. */
    @Override
    public String toString() {
        return method + " " + redactedUrl();
    }

    /**
     * Builds a {@link Request}. Not thread-safe.
     */
    public static final class Builder {
        private final String url;
        private String method = "GET";
        private final List<String> headerPairs = new ArrayList<>();
        private byte[] body;
        private Object json;
        private Duration timeout;
        private boolean retryable;
        private boolean contentTypeDefaulted;

        private Builder(String url) {
            this.url = url;
        }

        /** Sets the method (default GET); an illegal one makes the request {@code INVALID_REQUEST}. */
        public Builder method(String method) {
            this.method = Objects.requireNonNull(method, "method");
            return this;
        }

        /**
         * Adds a header. A name that is not an HTTP token or a value with CR, LF or NUL makes the
         * request {@code INVALID_REQUEST} when it is sent.
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            if (contentTypeDefaulted && name.equalsIgnoreCase("Content-Type")) {
                removeHeader(name);
                contentTypeDefaulted = false;
            }
            headerPairs.add(name);
            headerPairs.add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Sets the body bytes (copied). */
        public Builder body(byte[] body) {
            this.body = Objects.requireNonNull(body, "body").clone();
            this.json = null;
            return this;
        }

        /**
         * Sets the body to {@code body} in UTF-8; adds {@code Content-Type: text/plain; charset=UTF-8}
         * unless a Content-Type is set. For JSON use {@link #json(Object)} or {@link #jsonBody(String)}.
         */
        public Builder body(String body) {
            this.body = Objects.requireNonNull(body, "body").getBytes(StandardCharsets.UTF_8);
            this.json = null;
            defaultContentType("text/plain; charset=UTF-8");
            return this;
        }

        /**
         * Sets the body to {@code json}, JSON text already written, in UTF-8; adds
         * {@code Content-Type: application/json} unless a Content-Type is set. The text is sent as
         * it is, not checked.
         */
        public Builder jsonBody(String json) {
            this.body = Objects.requireNonNull(json, "json").getBytes(StandardCharsets.UTF_8);
            this.json = null;
            defaultContentType("application/json");
            return this;
        }

        /**
         * Sets the body to {@code value} written as JSON by the client's {@code ObjectMapper} when the
         * request is sent (a value it cannot write makes the request {@code INVALID_REQUEST}); adds
         * {@code Content-Type: application/json} unless a Content-Type is set.
         */
        public Builder json(Object value) {
            this.json = Objects.requireNonNull(value, "value");
            this.body = null;
            defaultContentType("application/json");
            return this;
        }

        /**
         * Sets this request's timeout, counted from the moment it gets its slot to its last body
         * byte (of the last response, when redirects are followed), instead of the client's
         * {@code requestTimeout}.
         *
         * @throws IllegalArgumentException if timeout is zero or negative
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Lets the client's {@link RetryPolicy} retry this request even if its method is not
         * idempotent (a POST the server deduplicates, say, by an idempotency key). Idempotent
         * methods are retried without it.
         */
        public Builder retryable(boolean retryable) {
            this.retryable = retryable;
            return this;
        }

        /** Returns the request. */
        public Request build() {
            return new Request(this);
        }

        private void defaultContentType(String value) {
            for (int i = 0; i < headerPairs.size(); i += 2) {
                if (headerPairs.get(i).equalsIgnoreCase("Content-Type")) {
                    return;
                }
            }
            headerPairs.add("Content-Type");
            headerPairs.add(value);
            contentTypeDefaulted = true;
        }

        private void removeHeader(String name) {
            for (int i = headerPairs.size() - 2; i >= 0; i -= 2) {
                if (headerPairs.get(i).equalsIgnoreCase(name)) {
                    headerPairs.remove(i + 1);
                    headerPairs.remove(i);
                }
            }
        }
    }
}
