package dev.fanout.testkit;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Builds a {@link SlowEndpoints} server; every option has a default tuned for fan-out tests.
 *
 * <pre>{@code
 * SlowEndpoints server = SlowEndpoints.builder()
 *     .http2(true)                                  // off by default: HTTP/1.1 only
 *     .certificate(ServerCertificate.WRONG_HOST)   // for a client's TLS tests
 *     .start();
 * }</pre>
 *
 * <p>Not thread-safe: configure a builder on one thread. Each {@link #start()} starts a new,
 * independent server.
 */
public final class SlowEndpointsBuilder {

    /**
     * The default HTTP/2 stream limit per connection, 128: Jetty's own default (Jetty 11's
     * {@code AbstractHTTP2ServerConnectionFactory}, which WireMock 3 runs), kept because it is what
     * real servers announce (nginx 128, Go 250): a client fanning out more requests than that to
     * one origin must open more connections or queue.
     */
    public static final int DEFAULT_HTTP2_MAX_CONCURRENT_STREAMS = 128;

    int responseThreads = 200;
    int containerThreads = 0;
    int acceptQueueSize = 4096;
    Duration idleTimeout = Duration.ofMinutes(10);
    boolean https = true;
    boolean http2;
    int http2MaxConcurrentStreams = DEFAULT_HTTP2_MAX_CONCURRENT_STREAMS;
    boolean http2MaxConcurrentStreamsSet;
    boolean gzip;
    boolean requestJournal = true;
    int journalEntries = 10_000;
    ServerCertificate certificate = ServerCertificate.LOCALHOST;
    Consumer<WireMockConfiguration> customizer = options -> {};

    SlowEndpointsBuilder() {}

    /**
     * Sets how many threads send delayed responses (default 200).
     *
     * <p>Delays themselves hold no thread: WireMock schedules them. But a slow body
     * ({@link SlowEndpoints#slowBody}) sleeps on one of these threads between its chunks, so this
     * bounds how many slow bodies are sent at once.
     */
    public SlowEndpointsBuilder responseThreads(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("responseThreads: " + threads + " (expected: > 0)");
        }
        this.responseThreads = threads;
        return this;
    }

    /** Sets the size of Jetty's request thread pool (default: WireMock's own default). */
    public SlowEndpointsBuilder containerThreads(int threads) {
        if (threads < 10) {
            throw new IllegalArgumentException("containerThreads: " + threads + " (expected: >= 10)");
        }
        this.containerThreads = threads;
        return this;
    }

    /**
     * Sets the accept backlog of the listening sockets (default 4096).
     *
     * <p>Java's default of 50 makes the kernel drop connection attempts beyond about a thousand
     * at once, and each dropped SYN costs the client a retransmit of about a second.
     */
    public SlowEndpointsBuilder acceptQueueSize(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("acceptQueueSize: " + size + " (expected: > 0)");
        }
        this.acceptQueueSize = size;
        return this;
    }

    /** Sets how long the server keeps an idle connection open (default 10 minutes). */
    public SlowEndpointsBuilder idleTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "idleTimeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout: " + timeout + " (expected: > 0)");
        }
        this.idleTimeout = timeout;
        return this;
    }

    /** Sets whether the server also listens for HTTPS on a second dynamic port (default true). */
    public SlowEndpointsBuilder https(boolean enabled) {
        this.https = enabled;
        return this;
    }

    /** Sets the certificate the HTTPS port presents (default {@link ServerCertificate#LOCALHOST}). */
    public SlowEndpointsBuilder certificate(ServerCertificate certificate) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        return this;
    }

    /**
     * Sets whether HTTP/2 is offered: h2c on the plain port, h2 by ALPN on the HTTPS port
     * (default false: HTTP/1.1 only).
     *
     * <p>Off by default so that every client speaks HTTP/1.1, where the faults mean what their
     * names say, and no connection is capped at {@link #http2MaxConcurrentStreams 128}
     * concurrent HTTP/2 streams. On the plain port a client must speak h2c with prior knowledge
     * (its first bytes the HTTP/2 preface) or ask for it with HTTP/1.1's {@code Upgrade: h2c};
     * on the HTTPS port, ALPN chooses h2 or HTTP/1.1.
     */
    public SlowEndpointsBuilder http2(boolean enabled) {
        this.http2 = enabled;
        return this;
    }

    /**
     * Sets how many concurrent streams each HTTP/2 connection allows, on both ports (default
     * {@value #DEFAULT_HTTP2_MAX_CONCURRENT_STREAMS}, Jetty's own): the
     * {@code SETTINGS_MAX_CONCURRENT_STREAMS} the server announces. A stream opened beyond it is
     * refused with {@code RST_STREAM(REFUSED_STREAM)}, unanswered and uncounted.
     *
     * <p>Lower it to see a client open more connections, or queue, at a small limit; raise it
     * to hold more requests than 128 on one connection. Only with {@link #http2(boolean)
     * http2(true)}: {@link #start()} refuses it otherwise.
     */
    public SlowEndpointsBuilder http2MaxConcurrentStreams(int streams) {
        if (streams <= 0) {
            throw new IllegalArgumentException("http2MaxConcurrentStreams: " + streams + " (expected: > 0)");
        }
        this.http2MaxConcurrentStreams = streams;
        this.http2MaxConcurrentStreamsSet = true;
        return this;
    }

    /**
     * Sets whether responses are gzipped for clients that accept gzip (default false).
     *
     * <p>Off by default: to gzip a response WireMock buffers it whole, so a slow body
     * ({@link SlowEndpoints#slowBody}, {@link Answer#slowBody}) would reach a client that sends
     * {@code Accept-Encoding: gzip} in one piece, at its end. A body that is gzipped by the
     * testkit itself ({@link SlowEndpoints#gzipBody}) is sent either way.
     */
    public SlowEndpointsBuilder gzip(boolean enabled) {
        this.gzip = enabled;
        return this;
    }

    /**
     * Sets whether WireMock keeps requests in its journal (default true), for
     * {@code wireMock().verify(...)}. The testkit's own counts do not need it.
     */
    public SlowEndpointsBuilder requestJournal(boolean enabled) {
        this.requestJournal = enabled;
        return this;
    }

    /**
     * Sets how many of the latest requests WireMock's journal keeps (default 10,000), so that a
     * fan-out of 100,000 requests with large bodies does not keep them all in memory. The
     * testkit's own counts are exact whatever this is. The journal's store keeps the bound as each
     * request comes, at a constant cost; WireMock's own {@code maxRequestJournalEntries}, which a
     * {@link #configure} customizer could still set (as it could other stores), counts the whole
     * journal at every request instead.
     */
    public SlowEndpointsBuilder journalEntries(int entries) {
        if (entries <= 0) {
            throw new IllegalArgumentException("journalEntries: " + entries + " (expected: > 0)");
        }
        this.journalEntries = entries;
        return this;
    }

    /**
     * Adds a change to the WireMock options, applied after the testkit's own; for anything
     * this builder has no option for. Do not change the ports, the bind address or the HTTP
     * server factory: the testkit's own stops promptly, sets the HTTP/2 stream limit and counts
     * connections.
     */
    public SlowEndpointsBuilder configure(Consumer<WireMockConfiguration> customizer) {
        Objects.requireNonNull(customizer, "customizer");
        this.customizer = this.customizer.andThen(customizer);
        return this;
    }

    /**
     * Starts a server with these options, on dynamic loopback ports.
     *
     * @throws IllegalStateException if a stream limit was set without {@code http2(true)}
     */
    public SlowEndpoints start() {
        if (http2MaxConcurrentStreamsSet && !http2) {
            throw new IllegalStateException("http2MaxConcurrentStreams(" + http2MaxConcurrentStreams
                    + ") needs http2(true): the server speaks HTTP/1.1 only");
        }
        return SlowEndpoints.start(this);
    }
}
