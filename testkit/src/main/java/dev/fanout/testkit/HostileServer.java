package dev.fanout.testkit;

import dev.fanout.testkit.internal.HostileChannels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts a hostile HTTP server on {@code 127.0.0.1} and a dynamic port, and makes URLs that
 * each misbehave one way: garbage instead of a status line, headers without end, a body that
 * never ends or trickles, a close or a TCP reset mid-body, a {@code Content-Length} that lies,
 * 1xx responses, trailers, a gzip bomb, silence, keep-alive connections closed under the
 * client; and over h2c, a GOAWAY, a RST_STREAM, a stalled stream. {@link #raw} answers with
 * any bytes of the test's own.
 *
 * <pre>{@code
 * try (HostileServer server = HostileServer.start()) {
 *   String url = server.resetMidBody(1_000);   // 1,000 bytes of 2,000, then a TCP reset
 *   ... fetch it with the client under test: the request must fail as closed, not hang ...
 *   assertThat(server.requestsRead()).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>A URL's path alone chooses its behaviour ({@code /reset-mid-body/1000/7}), and each URL a
 * method returns is distinct (the last segment is a sequence number), so a batch of them shares
 * nothing; the testkit guide, "Hostile server", gives every behaviour byte for byte. The server
 * speaks HTTP/1.1, and h2c to a client that opens with the HTTP/2 preface (prior knowledge);
 * the {@code h2...} URLs misbehave over h2c only, and the others over HTTP/1.1 only (over the
 * other protocol they answer 404). It reads requests, skipping bodies sent with a
 * {@code Content-Length}; a request with a chunked body is met with a close.
 *
 * <p>One event-loop thread serves every connection, so thousands of hostile requests may be
 * held at once. {@link #close()} closes every connection and ends that thread.
 *
 * <p>Thread-safe: every method may be called from any thread while requests are served.
 */
public final class HostileServer implements AutoCloseable {

    /** The most bytes {@link #raw} sends: they travel in the URL, base64url-encoded. */
    public static final int MAX_RAW_BYTES = 16 * 1024;

    /** What the server does once a {@link #raw} response is written. */
    public enum Then {
        /** Reads the connection's next request. */
        KEEP_ALIVE,
        /** Closes the connection (FIN). */
        CLOSE,
        /** Closes the connection with a TCP reset ({@code SO_LINGER} 0). */
        RESET,
        /** Sends nothing more and reads no further request; the connection stays open. */
        SILENCE
    }

    private final HostileChannels channels;
    private final AtomicLong tags = new AtomicLong();

    private HostileServer(HostileChannels channels) {
        this.channels = channels;
    }

    /** Starts a server on {@code 127.0.0.1} and a dynamic port. */
    public static HostileServer start() {
        return new HostileServer(HostileChannels.bind());
    }

    /** Returns {@code http://127.0.0.1:PORT}, with no trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + channels.port();
    }

    /** Returns {@code baseUrl() + path}, for a path written by hand (see the guide). */
    public String url(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path: " + path + " (expected: starting with /)");
        }
        return baseUrl() + path;
    }

    /** Returns a well-behaved URL, over either protocol: 200 with the body {@code ok}, keep-alive. */
    public String ok() {
        return tagged("/ok");
    }

    /** Returns a URL answered with binary garbage instead of a status line, then a close. */
    public String garbageStatusLine() {
        return tagged("/garbage-status-line");
    }

    /** Returns a URL answered with {@code HTTP/1.1 2x0 OK}, a status that is not a number, then a close. */
    public String invalidStatusLine() {
        return tagged("/invalid-status-line");
    }

    /**
     * Returns a URL answered with a status line, then header lines of about 80 bytes each until
     * {@code capBytes} bytes of them, and never the blank line that ends a head; then silence.
     */
    public String endlessHeaders(int capBytes) {
        return tagged("/endless-headers/" + positive("capBytes", capBytes));
    }

    /** Returns a URL answered with {@code Content-Length: declared} and {@code sent} bytes of body, then silence. */
    public String bodyWithoutEnd(int declared, int sent) {
        requireLess("sent", sent, declared);
        return tagged("/body-without-end/" + declared + "/" + sent);
    }

    /** Returns a URL whose {@code bytes} bytes of body come {@code chunkBytes} at a time, one chunk every {@code every}. */
    public String trickle(int bytes, int chunkBytes, Duration every) {
        return tagged("/trickle/" + notNegative("bytes", bytes) + "/" + positive("chunkBytes", chunkBytes) + "/"
                + millis("every", every));
    }

    /** Returns a chunked URL whose first chunk, of 2 × {@code sent} bytes, is cut after {@code sent} by a close (FIN). */
    public String closeMidBody(int sent) {
        return tagged("/close-mid-body/" + positive("sent", sent));
    }

    /** Returns a URL that sends {@code sent} bytes of a {@code Content-Length} of 2 × {@code sent}, then a TCP reset. */
    public String resetMidBody(int sent) {
        return tagged("/reset-mid-body/" + positive("sent", sent));
    }

    /** Returns a URL that says {@code Content-Length: declared}, sends {@code sent} bytes, fewer, and closes. */
    public String contentLengthShort(int declared, int sent) {
        requireLess("sent", sent, declared);
        return tagged("/content-length-short/" + declared + "/" + sent);
    }

    /**
     * Returns a URL that says {@code Content-Length: declared} and sends {@code sent} bytes, more,
     * keeping the connection open: the bytes past the body are where a client that reuses the
     * connection reads its next status line.
     */
    public String contentLengthLong(int declared, int sent) {
        requireLess("declared", declared, sent);
        return tagged("/content-length-long/" + declared + "/" + sent);
    }

    /** Returns a URL with two {@code Content-Length} headers, {@code first} then {@code second}, and the larger number of bytes, then a close. */
    public String duplicateContentLength(int first, int second) {
        if (first == second) {
            throw new IllegalArgumentException("second: " + second + " (expected: other than first, " + first + ")");
        }
        return tagged(
                "/content-length-duplicated/" + notNegative("first", first) + "/" + notNegative("second", second));
    }

    /** Returns a URL that says {@code Content-Length: -1}, sends {@code hello}, and closes. */
    public String negativeContentLength() {
        return tagged("/content-length-negative");
    }

    /** Returns a URL answered in HTTP/1.0 with no {@code Content-Length}: {@code bytes} of body end at the close. */
    public String http10BodyUntilClose(int bytes) {
        return tagged("/http10-body-until-close/" + notNegative("bytes", bytes));
    }

    /** Returns a URL answered with {@code 100 Continue} and {@code 103 Early Hints}, then 200 {@code ok}. */
    public String interimResponses() {
        return interimResponses(100, 103);
    }

    /** Returns a URL answered with an interim response of each of {@code codes} (1xx), in order, then 200 {@code ok}. */
    public String interimResponses(int... codes) {
        StringBuilder path = new StringBuilder("/interim");
        for (int code : codes) {
            if (code < 100 || code > 199 || code == 101) {
                throw new IllegalArgumentException("code: " + code + " (expected: 1xx, not 101)");
            }
            path.append('/').append(code);
        }
        return tagged(path.toString());
    }

    /** Returns a URL with a chunked body, {@code hello, world} in two chunks, and two trailers. */
    public String chunkedWithTrailers() {
        return tagged("/chunked-trailers");
    }

    /**
     * Returns a URL answered with a {@code Content-Encoding: gzip} body of zeros that inflates to
     * {@code inflatedBytes}: about a thousandth of that on the wire, made as it is sent.
     */
    public String gzipBomb(long inflatedBytes) {
        if (inflatedBytes < 0) {
            throw new IllegalArgumentException("inflatedBytes: " + inflatedBytes + " (expected: >= 0)");
        }
        return tagged("/gzip-bomb/" + inflatedBytes);
    }

    /**
     * Returns a URL answered with exactly {@code response}'s characters as bytes (ISO-8859-1:
     * each char below 256 is one byte), then what {@code then} says: for any hostile answer the
     * other methods do not make, such as a chunk size that is not hex.
     *
     * <pre>{@code
     * String url = server.raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n", Then.CLOSE);
     * }</pre>
     *
     * @param response at most {@value #MAX_RAW_BYTES} characters, carried in the URL itself
     */
    public String raw(String response, Then then) {
        Objects.requireNonNull(response, "response");
        for (int i = 0; i < response.length(); i++) {
            if (response.charAt(i) > 0xff) {
                throw new IllegalArgumentException("response: char " + (int) response.charAt(i) + " at " + i
                        + " (expected: ISO-8859-1, below 256)");
            }
        }
        return raw(response.getBytes(StandardCharsets.ISO_8859_1), then);
    }

    /** Returns a URL answered with exactly {@code response}, then what {@code then} says. */
    public String raw(byte[] response, Then then) {
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(then, "then");
        if (response.length > MAX_RAW_BYTES) {
            throw new IllegalArgumentException(
                    "response: " + response.length + " bytes (expected: at most " + MAX_RAW_BYTES + ")");
        }
        return tagged("/raw/" + then.ordinal()) + "?b="
                + Base64.getUrlEncoder().withoutPadding().encodeToString(response);
    }

    /** Returns a URL whose request is read and never answered; the connection stays open. */
    public String silence() {
        return tagged("/silence");
    }

    /**
     * Returns a URL answered 200 {@code ok}, keep-alive, whose connection the server then closes
     * (FIN) once it has been idle for {@code idle}: a byte arriving sooner (the next request)
     * disarms the close.
     */
    public String closeWhenIdle(Duration idle) {
        return tagged("/close-when-idle/" + millis("idle", idle));
    }

    /**
     * Returns a URL answered 200 {@code ok}, keep-alive, that limits its connection to {@code n}
     * requests in all: the next one on it, whatever its URL, is read and met with a close (FIN)
     * and no byte of response, as a client sees a connection closed while its request was on
     * the way.
     */
    public String closeAfterRequests(int n) {
        return tagged("/close-after-requests/" + positive("n", n));
    }

    /**
     * Returns an h2c URL answered 200 {@code ok} while its stream is among the first {@code n} of
     * its connection; past them, it gets a GOAWAY (NO_ERROR) whose last stream id is the
     * {@code n}th stream's, and no answer: unprocessed, to retry on a new connection.
     */
    public String h2GoAwayAfterStreams(int n) {
        return tagged("/h2/goaway-after-streams/" + positive("n", n));
    }

    /** Returns an h2c URL whose stream is reset (RST_STREAM) with {@code errorCode}, with no answer. */
    public String h2ResetStream(long errorCode) {
        return tagged("/h2/reset-stream/" + notNegative("errorCode", errorCode));
    }

    /** Returns an h2c URL answered with {@code content-length} 2 × {@code sent} and {@code sent} bytes of DATA, then nothing. */
    public String h2StallBody(int sent) {
        return tagged("/h2/stall-body/" + positive("sent", sent));
    }

    /** Returns an h2c URL never answered, whose request body's window the server never gives back. */
    public String h2StallWindow() {
        return tagged("/h2/stall-window");
    }

    /** Returns the number of TCP connections accepted so far. */
    public int connectionsAccepted() {
        return channels.counts().connections();
    }

    /** Returns the number of requests read so far: HTTP/1.1 request heads and h2 streams. */
    public int requestsRead() {
        return channels.counts().requests();
    }

    /** Returns the number of connections open now, as the server sees them. */
    public int openConnections() {
        return channels.openConnections();
    }

    /** Closes every connection and ends the server's thread; idempotent. */
    @Override
    public void close() {
        channels.close();
    }

    private String tagged(String path) {
        return baseUrl() + path + "/" + tags.incrementAndGet();
    }

    private static long millis(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: >= 0)");
        }
        return d.toMillis();
    }

    private static long positive(String name, long n) {
        if (n <= 0) {
            throw new IllegalArgumentException(name + ": " + n + " (expected: > 0)");
        }
        return n;
    }

    private static long notNegative(String name, long n) {
        if (n < 0) {
            throw new IllegalArgumentException(name + ": " + n + " (expected: >= 0)");
        }
        return n;
    }

    private static void requireLess(String name, int n, int than) {
        notNegative(name, n);
        if (n >= than) {
            throw new IllegalArgumentException(name + ": " + n + " (expected: < " + than + ")");
        }
    }
}
