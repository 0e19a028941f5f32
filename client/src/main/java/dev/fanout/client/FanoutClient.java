package dev.fanout.client;

import static dev.fanout.client.internal.OptionChecks.nonNegative;
import static dev.fanout.client.internal.OptionChecks.positive;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.client.internal.BatchCollector;
import dev.fanout.client.internal.ClientCloser;
import dev.fanout.client.internal.ClientConfig;
import dev.fanout.client.internal.ConfigDraft;
import dev.fanout.client.internal.Engine;
import dev.fanout.client.internal.OptionChecks;
import dev.fanout.client.internal.RateLimit;
import dev.fanout.client.internal.Warmups;
import dev.fanout.loop.Loop;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An HTTP client that starts every request of a batch at once on one loop thread, then awaits
 * them all: asyncio's {@code gather} for the JVM. A batch takes about as long as its slowest
 * request, not the sum, and a client adds exactly one thread to the JVM whatever the number of
 * requests.
 *
 * <pre>{@code
 * try (FanoutClient client = FanoutClient.create()) {
 *     List<Result> results = client.fetchAll(urls);     // one Result per URL, in input order
 *     for (Result r : results) {
 *         System.out.println(r.ok() ? r.bodyAsString() : r.request().redactedUrl() + " failed: " + r.error());
 *     }
 * }
 * }</pre>
 *
 * <p>A failing request never fails its batch: it is a {@link Result} whose {@link Result#error()}
 * says why ({@link ErrorKind}). Malformed input too ({@code INVALID_REQUEST}): one bad URL
 * among ten thousand costs one result, nothing more.
 *
 * <p>A batch keeps every result until it ends. For one too large to hold (100,000 bodies),
 * {@link #fetchEach} and {@link #sendEach} hand each result to a consumer as it completes and
 * keep none.
 *
 * <p>Thread-safe: one client serves any number of threads and batches; build one and share it.
 * Immutable once built. Every socket, timer and piece of state lives on the client's
 * {@link Loop}; the caller's thread only checks input and hands each batch to the loop in one
 * task. The blocking methods throw {@link IllegalStateException} when called on the loop thread
 * (from an {@code onResult} listener, say), where they would wait forever.
 */
public final class FanoutClient implements AutoCloseable {

    private final Loop loop;
    private final ClientConfig config;
    private final Engine engine;
    private final ResultMaker results;
    private final Duration handoffTimeout;
    private final ClientCloser closer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private FanoutClient(Builder builder) {
        this.config = builder.config();
        boolean ownsLoop = builder.loop == null;
        this.loop = ownsLoop ? Builder.newOwnedLoop() : builder.loop;
        this.engine = new Engine(loop, config);
        this.results = new ResultMaker(config.mapper());
        this.handoffTimeout = builder.handoffTimeout;
        this.closer = new ClientCloser(this, loop, ownsLoop, engine, handoffTimeout);
    }

    /** Returns a client with the default options, on a loop of its own. */
    public static FanoutClient create() {
        return builder().build();
    }

    /** Returns a builder of a client with non-default options. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the loop this client runs on. */
    public Loop loop() {
        return loop;
    }

    /**
     * GETs every URL at once and returns when the last one is done: one result per URL, in input
     * order. An empty list returns an empty list at once; a null entry, a malformed URL or an
     * unsupported scheme is an {@code INVALID_REQUEST} result.
     *
     * @throws NullPointerException if urls is null
     * @throws IllegalStateException if called on the client's loop thread
     */
    public List<Result> fetchAll(List<String> urls) {
        Objects.requireNonNull(urls, "urls");
        loop.checkNotInLoop("fetchAll");
        return startAll(RequestChecks.gets(urls)).awaitAll();
    }

    /**
     * GETs each URL as {@link #fetchAll} does, then decodes each 2xx body as JSON into
     * {@code type}; see {@link Batch#awaitAllAs}.
     */
    public <T> List<Decoded<T>> fetchAllAs(List<String> urls, Class<T> type) {
        Objects.requireNonNull(urls, "urls");
        loop.checkNotInLoop("fetchAllAs");
        return startAll(RequestChecks.gets(urls)).awaitAllAs(type);
    }

    /**
     * GETs every URL at once; the future completes, on the loop thread, with one result per URL
     * in input order. Returns once every request is started or queued.
     *
     * @throws NullPointerException if urls is null
     */
    public CompletableFuture<List<Result>> fetchAllAsync(List<String> urls) {
        Objects.requireNonNull(urls, "urls");
        return startAll(RequestChecks.gets(urls)).future();
    }

    /**
     * Sends every request at once and returns when the last one is done: one result per request,
     * in input order.
     *
     * @throws NullPointerException if requests is null
     * @throws IllegalStateException if called on the client's loop thread
     */
    public List<Result> sendAll(List<Request> requests) {
        Objects.requireNonNull(requests, "requests");
        loop.checkNotInLoop("sendAll");
        return startAll(requests).awaitAll();
    }

    /**
     * GETs every URL at once, as {@link #fetchAll} does, but hands each result to {@code each} as
     * it completes, and keeps none: for a batch too large to hold every body at once (100,000
     * answers of 16 KiB are 1.6 GB). Returns the batch's numbers once the last result has been
     * handed on. See {@link #sendEach}.
     *
     * @throws NullPointerException if urls or each is null
     * @throws IllegalStateException if called on the client's loop thread
     */
    public BatchStats fetchEach(List<String> urls, Consumer<Result> each) {
        return startEach(RequestChecks.gets(Objects.requireNonNull(urls, "urls")), each)
                .await("fetchEach");
    }

    /**
     * Sends every request at once and hands each result to {@code each} as it completes, in
     * completion order, and keeps none; returns the batch's numbers ({@link BatchStats}) once the
     * last result has been handed on. {@code each} runs on the loop thread, one result at a time,
     * and must not block (as {@link Batch#onResult} listeners); one that throws is logged, and the
     * others still come. Every request gets its result, as in {@link #sendAll}: an invalid one
     * {@code INVALID_REQUEST}, on a closed client {@code REJECTED} (handed on at once, on the
     * caller's thread). If the waiting thread is interrupted, the unfinished requests end
     * {@code CANCELLED} (and are handed on), and the interrupt flag is kept.
     *
     * @throws NullPointerException if requests or each is null
     * @throws IllegalStateException if called on the client's loop thread
     */
    public BatchStats sendEach(List<Request> requests, Consumer<Result> each) {
        return startEach(requests, each).await("sendEach");
    }

    /**
     * Sends every request at once and hands each result to {@code each} as it completes, as
     * {@link #sendEach} does, without waiting: the future completes with the batch's numbers, on
     * the loop thread, once the last result has been handed on. Returns once every request is
     * started or queued.
     *
     * @throws NullPointerException if requests or each is null
     */
    public CompletableFuture<BatchStats> sendEachAsync(List<Request> requests, Consumer<Result> each) {
        return startEach(requests, each).future();
    }

    /** Returns a batch of {@code requests} for {@code each}, handed to the loop when it is awaited or its future taken. */
    private EachBatch startEach(List<Request> requests, Consumer<Result> each) {
        CompletableFuture<List<Result>> done = new CompletableFuture<>();
        BatchCollector collector = collector(requests, done);
        return new EachBatch(loop, collector, done, each, () -> collector.launch(engine, closed.get(), handoffTimeout));
    }

    /**
     * Sends one request; the future completes on the loop thread.
     *
     * @throws NullPointerException if request is null
     */
    public CompletableFuture<Result> send(Request request) {
        Objects.requireNonNull(request, "request");
        return startAll(List.of(request)).future().thenApply(results -> results.get(0));
    }

    /**
     * Starts every request (or queues it for a slot, under the client's limits) and returns once
     * all are started or queued: one hop to the loop for the whole batch (called on the thread
     * of another event loop, it does not wait for that, so that two loops never wait on each
     * other). The loop admits a large batch a few hundred requests per task, with I/O in
     * between, behind the batches handed to it before (requests to one origin start in the
     * order they were handed over); called on the loop thread itself, this returns once the
     * first of those pieces is admitted, and the rest follow in the next loop tasks. A null entry
     * or a malformed request becomes an {@code INVALID_REQUEST} result; on a closed client every
     * result is {@code REJECTED}.
     *
     * <p>Bounded: if the loop cannot take the batch within the builder's
     * {@link Builder#handoffTimeout handoffTimeout} (a task or listener holds the loop thread),
     * this logs a warning and returns the batch anyway; its requests start when the loop is free,
     * and {@link Batch#awaitAll(Duration)} still returns at its deadline.
     *
     * @throws NullPointerException if requests is null
     */
    public Batch startAll(List<Request> requests) {
        CompletableFuture<List<Result>> future = new CompletableFuture<>();
        BatchCollector collector = collector(requests, future);
        Batch batch = new Batch(loop, collector, future);
        collector.launch(engine, closed.get(), handoffTimeout);
        return batch;
    }

    /** Returns the loop side of a batch of {@code requests}, each checked here, whose last result completes {@code future}. */
    private BatchCollector collector(List<Request> requests, CompletableFuture<List<Result>> future) {
        Objects.requireNonNull(requests, "requests");
        long timeoutNanos = config.requestTimeout().toNanos(); // once a batch, not once a request
        return new BatchCollector(
                loop,
                results,
                new ArrayList<>(requests),
                (r, recent) -> Warmups.checked(
                        RequestChecks.check(r, recent, config.mapper(), timeoutNanos), config.httpVersion()),
                config.coalesceGets(),
                config.events(),
                loop.nanoTime(),
                future);
    }

    /**
     * Closes the client: unfinished requests end {@code CANCELLED}, connections close (their
     * closes complete before it returns, or up to 2 s later if one hangs), and a loop the client
     * made for itself ends its thread (waited for, unless called on that thread).
     * Later calls of {@code startAll} and its kin give {@code REJECTED} results at once.
     * Idempotent: a later call returns at once.
     *
     * <p>Bounded: if the loop cannot do that work within the builder's
     * {@link Builder#handoffTimeout handoffTimeout} (a task or listener holds the loop thread),
     * this logs a warning that says how many requests are still open and what holds the loop,
     * and returns; those requests end {@code CANCELLED}, and an owned loop's thread ends, when
     * the loop is free.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closer.close();
        }
    }

    /**
     * Returns how many requests may be on the wire at once to {@code origin} (a URL whose scheme,
     * host and port name it, such as {@code "https://api.example.com"}) as the limit stands now:
     * with {@link Builder#adaptiveConcurrency() adaptive concurrency} on for it, the limit it
     * has adapted to once a request has gone to it; otherwise {@link Builder#maxConnectionsPerHost}.
     * From any thread; the value may be a moment old.
     *
     * @throws IllegalArgumentException if origin is not an http or https URL
     */
    public int concurrencyLimit(String origin) {
        Objects.requireNonNull(origin, "origin");
        return engine.concurrencyLimit(ConfigDraft.target("concurrencyLimit", origin), config.maxConnectionsPerHost());
    }

    /** Returns what the client holds open (requests, connections) as its loop last changed it; from any thread. */
    public ClientStats stats() {
        return new ClientStats(
                engine.openRequests(),
                engine.connections().open(),
                engine.connections().idle());
    }

    /**
     * Returns the connections the client holds open to {@code origin} (a URL whose scheme, host
     * and port name it, such as {@code "https://api.example.com"}), open and idle, as its loop
     * last changed them; zeros when it holds none. From any thread, without waiting for the loop.
     *
     * @throws IllegalArgumentException if origin is not an http or https URL
     */
    public OriginStats stats(String origin) {
        return engine.connections().stats(ConfigDraft.target("stats", Objects.requireNonNull(origin, "origin")));
    }

    /**
     * Returns the connections the client holds open per origin, one {@link OriginStats} for each
     * origin with an open connection (in no particular order), as its loop last changed them:
     * for gauges per origin. From any thread, without waiting for the loop.
     */
    public List<OriginStats> originStats() {
        return engine.connections().origins();
    }

    @Override
    public String toString() {
        return "FanoutClient(" + loop.name() + (closed.get() ? ", closed)" : ")");
    }

    /**
     * Options for a {@link FanoutClient}. Every option has a default chosen for "start all, then
     * await all", given with its reason below. Not thread-safe: build on one thread; the builder
     * may be used again after {@link #build()}.
     */
    public static final class Builder {

        /** Default {@link #maxInFlight}: 4,096 requests on the wire at once. */
        public static final int DEFAULT_MAX_IN_FLIGHT = 4096;
        /** Default {@link #maxConnectionsPerHost}: 1,024. */
        public static final int DEFAULT_MAX_CONNECTIONS_PER_HOST = 1024;
        /** Default {@link #maxQueued}: 1,000,000 waiting requests. */
        public static final int DEFAULT_MAX_QUEUED = 1_000_000;
        /** Default {@link #connectTimeout}: 10 seconds. */
        public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
        /** Default {@link #requestTimeout}: 30 seconds. */
        public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
        /** Default {@link #idleTimeout}: 15 seconds. */
        public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(15);
        /** Default {@link #maxResponseBytes}: 16 MiB. */
        public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L << 20;
        /** Default {@link #maxResponseHeaderBytes}: 64 KiB. */
        public static final int DEFAULT_MAX_RESPONSE_HEADER_BYTES = 64 << 10;
        /** Default {@link #maxRedirects}: 10. */
        public static final int DEFAULT_MAX_REDIRECTS = 10;
        /** Default {@link #handoffTimeout}: 5 seconds. */
        public static final Duration DEFAULT_HANDOFF_TIMEOUT = Duration.ofSeconds(5);

        private static final AtomicInteger LOOP_NUMBERS = new AtomicInteger();

        private final ConfigDraft draft = new ConfigDraft();
        private Loop loop;
        private Duration handoffTimeout = DEFAULT_HANDOFF_TIMEOUT;

        private Builder() {
            draft.userAgent = "fanout/" + Version.VERSION;
        }

        /**
         * Sets how many requests may be on the wire at once, all hosts together (default 4,096).
         * The default is high because a batch is meant to be in flight whole: N requests of D ms
         * take about D ms only while N fits; it stays well under common file-descriptor limits.
         */
        public Builder maxInFlight(int n) {
            draft.maxInFlight = positive("maxInFlight", n);
            return this;
        }

        /**
         * Sets how many requests may be on the wire at once to one origin (scheme, host, port),
         * which over HTTP/1.1 is also the most connections open to it (default 1,024: a fan-out
         * to one API host may go wide, but not unbounded against one server).
         */
        public Builder maxConnectionsPerHost(int n) {
            draft.maxConnectionsPerHost = positive("maxConnectionsPerHost", n);
            return this;
        }

        /**
         * Sets how many idle keep-alive connections are kept per origin (default: the
         * {@link #maxConnectionsPerHost} value, so that a repeated batch finds every connection
         * it opened the first time).
         */
        public Builder maxIdleConnectionsPerHost(int n) {
            draft.maxIdleConnectionsPerHost = nonNegative("maxIdleConnectionsPerHost", n);
            return this;
        }

        /**
         * Sets how many requests may wait for a slot, all hosts together (default 1,000,000: a
         * huge batch is queued, not refused; a waiting request costs a few hundred bytes).
         * A request that finds the queue full ends {@code REJECTED} at once.
         */
        public Builder maxQueued(int n) {
            draft.maxQueued = nonNegative("maxQueued", n);
            return this;
        }

        /**
         * Sets how long a new connection's setup may take (default 10 s): the TCP connect, a
         * proxy's tunnel, the TLS handshake and, over HTTP/2, the wait for the server's first
         * SETTINGS, together, not each (a setup that runs out fails {@link ErrorKind#CONNECT},
         * {@link ErrorKind#TLS} or {@link ErrorKind#PROTOCOL} by the phase it was in, and its
         * message names that phase). It is also each DNS query's timeout, outside that budget.
         * Each proxy of a {@link #proxySelector}'s list that is tried gets a budget of its own;
         * the {@link #requestTimeout} bounds them all.
         */
        public Builder connectTimeout(Duration d) {
            draft.connectTimeout = positive("connectTimeout", d);
            return this;
        }

        /**
         * Sets each request's timeout, counted from the moment it gets its slot (waiting in the
         * queue does not count) to its last body byte, DNS and connect included (default 30 s).
         * {@link Request.Builder#timeout} overrides it per request.
         */
        public Builder requestTimeout(Duration d) {
            draft.requestTimeout = positive("requestTimeout", d);
            return this;
        }

        /** Sets how long an idle pooled connection is kept before it is closed (default 15 s, under most servers' own). */
        public Builder idleTimeout(Duration d) {
            draft.idleTimeout = positive("idleTimeout", d);
            return this;
        }

        /**
         * Sets the largest response body accepted, counted after decompression (default 16 MiB:
         * a batch holds every body in memory at once). A larger body ends {@code TOO_LARGE} as soon
         * as the cap is passed, with its connection closed.
         */
        public Builder maxResponseBytes(long n) {
            draft.maxResponseBytes = OptionChecks.bodyBytes("maxResponseBytes", n);
            return this;
        }

        /** Sets the largest response header block accepted (default 64 KiB); beyond it: {@code PROTOCOL}. */
        public Builder maxResponseHeaderBytes(int n) {
            draft.maxResponseHeaderBytes = positive("maxResponseHeaderBytes", n);
            return this;
        }

        /**
         * Sets how many redirects one request follows (default 10, like most browsers' order of
         * magnitude); one more ends {@code TOO_MANY_REDIRECTS}. 0 follows none: the 3xx response
         * is the result.
         */
        public Builder maxRedirects(int n) {
            draft.maxRedirects = nonNegative("maxRedirects", n);
            return this;
        }

        /**
         * Follows redirects from https to http, which are refused by default (the 3xx response is
         * then the result): they would send the request, and its answer, in clear text.
         */
        public Builder allowHttpsToHttpRedirects() {
            draft.allowHttpsToHttpRedirects = true;
            return this;
        }

        /** Sets the User-Agent sent unless a request sets its own (default {@code fanout/<version>}). */
        public Builder userAgent(String userAgent) {
            draft.userAgent = OptionChecks.headerValue("userAgent", userAgent);
            return this;
        }

        /**
         * Sets the Jackson mapper for JSON request bodies ({@link Request.Builder#json}) and
         * {@link Response#json}. The default is set up for reading other people's APIs:
         * <ul>
         *   <li>unknown properties are ignored ({@code FAIL_ON_UNKNOWN_PROPERTIES} off): an API
         *       that adds a field must not break a caller whose type lacks it;</li>
         *   <li>java.time types ({@code Instant}, {@code OffsetDateTime}, {@code LocalDate}, ...)
         *       are read and written ({@code JavaTimeModule}): APIs send dates, and Jackson alone
         *       refuses these types;</li>
         *   <li>dates are written as ISO-8601 strings, not numbers
         *       ({@code WRITE_DATES_AS_TIMESTAMPS} off): the form APIs expect and people can read;</li>
         *   <li>an {@code OffsetDateTime} or {@code ZonedDateTime} keeps the offset the server sent
         *       ({@code ADJUST_DATES_TO_CONTEXT_TIME_ZONE} off) rather than being moved to UTC.</li>
         * </ul>
         * Everything else is Jackson's default. A mapper given here is used as it is.
         */
        public Builder objectMapper(ObjectMapper mapper) {
            draft.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /**
         * Asks these DNS servers, in order, instead of those of {@code /etc/resolv.conf}
         * ({@code /etc/hosts} is still read first). An empty list means the system's.
         */
        public Builder dnsServers(List<InetSocketAddress> servers) {
            draft.dnsServers = OptionChecks.ipAddresses("dnsServers", servers);
            return this;
        }

        /**
         * Runs the client on {@code loop}, shared with others, instead of a loop of its own named
         * {@code fanout-loop-N}. The client then does not close it. The client keeps time on the
         * loop's {@link Loop#clock() clock}: request timeouts, idle eviction and the timings of
         * results follow it, so a test that builds the loop with a
         * {@link dev.fanout.loop.ManualClock} controls them (the connect and TLS handshake
         * timeouts are Netty's own and stay on real time, as do the caller-side bounds such as
         * {@link Batch#awaitAll(Duration)}'s).
         */
        public Builder loop(Loop loop) {
            this.loop = Objects.requireNonNull(loop, "loop");
            return this;
        }

        /**
         * Trusts exactly the certificates in {@code pemFile} (PEM) instead of the JDK's default
         * authorities; the host name is still verified.
         *
         * @throws IllegalArgumentException at {@link #build()} if the file cannot be read
         */
        public Builder trustCertificates(Path pemFile) {
            draft.trustedPem = Objects.requireNonNull(pemFile, "pemFile");
            draft.insecure = false;
            return this;
        }

        /**
         * For tests only: accepts any certificate and any host name over HTTPS, which lets anyone
         * on the path read and change the traffic.
         */
        public Builder insecureSkipTlsVerification() {
            draft.insecure = true;
            draft.trustedPem = null;
            return this;
        }

        /**
         * Sets which HTTP versions the client speaks (default {@link HttpVersion#AUTO}: HTTP/2
         * where a TLS server picks it by ALPN, else HTTP/1.1). Over HTTP/2, requests to one
         * origin share a connection up to the server's limit of concurrent streams, and
         * {@link #maxConnectionsPerHost} counts connections, not requests.
         */
        public Builder httpVersion(HttpVersion version) {
            draft.httpVersion = Objects.requireNonNull(version, "httpVersion");
            return this;
        }

        /**
         * Sends every request through {@code proxy}, a {@link Proxy dev.fanout.client.Proxy} (not
         * a {@link java.net.Proxy java.net.Proxy}: those come from a {@link #proxySelector}),
         * default {@link Proxy#NONE}: straight to each target; replaces a
         * {@link #proxySelector}. See {@link Proxy} for how http and
         * https go through an HTTP proxy and how connections through proxies are pooled. A proxy
         * that cannot be reached, or that refuses the tunnel (a 407 for missing or wrong
         * credentials, a 403, a 502 when it cannot reach the target, a failed SOCKS5 handshake),
         * fails the request {@link ErrorKind#CONNECT}, its message naming the proxy
         * ({@code host:port}, never its credentials) and what it answered: as with a refused
         * connection, the request never reached its target.
         */
        public Builder proxy(Proxy proxy) {
            draft.route(Objects.requireNonNull(proxy, "proxy"), null);
            return this;
        }

        /**
         * Chooses each request's proxies with {@code selector} (a {@link ProxySelector}, whose
         * answers are {@link java.net.Proxy java.net.Proxy}, not this package's {@link Proxy}),
         * asked with the target's {@code scheme://host:port/}. Its answer is tried in order, as
         * the JDK's {@code HttpURLConnection} does: {@code DIRECT}, an HTTP proxy, or SOCKS
         * (spoken as SOCKS5), with the credentials a {@link #proxyAuthenticator} gives, if any. When one fails before reaching the target
         * (its name does not resolve, it cannot be reached, or it refuses the tunnel),
         * {@link ProxySelector#connectFailed} is called with the URI it was asked with, the
         * proxy's address and an {@link java.io.IOException} saying why, and the next one is
         * tried; each gets a {@link #connectTimeout} of its own, and the
         * {@link #requestTimeout} bounds them all. When every one failed, the request fails
         * {@link ErrorKind#CONNECT} once, its message naming each proxy tried and why.
         * {@link ProxySelector#getDefault()} gives the JVM's system properties' choice:
         * {@code https.proxyHost}/{@code https.proxyPort}, {@code http.proxyHost}/
         * {@code http.proxyPort}, {@code socksProxyHost}/{@code socksProxyPort} and
         * {@code http.nonProxyHosts}. The selector is asked, and told of failures, on the
         * client's loop thread, once per attempt and redirect hop, and must not block; if
         * {@code select} throws or returns an empty list (its contract asks for
         * {@code Proxy.NO_PROXY} when no proxy is needed: going straight instead could take a
         * request past a proxy the network requires), that request fails
         * {@link ErrorKind#CONNECT} and the others go on. Replaces a {@link #proxy}.
         */
        public Builder proxySelector(ProxySelector selector) {
            draft.route(Proxy.NONE, Objects.requireNonNull(selector, "selector"));
            return this;
        }

        /**
         * Gives credentials to proxies that have none of their own: those a
         * {@link #proxySelector} chooses ({@link java.net.Proxy java.net.Proxy} carries none), and
         * a {@link #proxy} given without {@link Proxy#withCredentials}. Before a request connects
         * through such a proxy, {@code authenticator} is asked as the JDK's clients ask for a
         * proxy: {@link Authenticator.RequestorType#PROXY}, the proxy's host and port
         * ({@code getRequestingHost()}, {@code getRequestingPort()}; no address, the proxy's name
         * is not yet resolved), protocol {@code "http"} with scheme {@code "Basic"} for an HTTP
         * proxy or {@code "SOCKS5"} for a SOCKS one, and the target's {@code scheme://host:port/}
         * as the URL. Credentials it returns go to that proxy only, as {@code Proxy-Authorization:
         * Basic} or by SOCKS5's user name and password method; null sends none. It is asked before
         * connecting rather than after a {@code 407}, so that a fan-out of a thousand connections
         * does not pay a refused round trip each; a proxy that asks for no credentials ignores
         * them. It is asked on the client's loop thread, once per attempt, and must not block
         * (look credentials up, do not prompt); if it throws, the request fails
         * {@link ErrorKind#CONNECT}. Without it, a proxy that wants credentials refuses the
         * tunnel ({@code 407}, or SOCKS5's methods refused), as {@link #proxy} says; a plain http
         * request, sent to an HTTP proxy in absolute form, gets the proxy's {@code 407} as its
         * response.
         */
        public Builder proxyAuthenticator(Authenticator authenticator) {
            draft.proxyAuthenticator = Objects.requireNonNull(authenticator, "authenticator");
            return this;
        }

        /**
         * Sets when and how requests are sent again after a failure another try may mend
         * (default {@link RetryPolicy#none()}); see {@link RetryPolicy} for what is retried, the
         * backoff, {@code Retry-After} and the retry budget. {@link Result#attempts()} says how
         * many attempts each request took, and {@link BatchStats#retries()} counts them.
         */
        public Builder retry(RetryPolicy policy) {
            draft.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Hedges idempotent requests: one with no complete response {@code delay} after its
         * request was written gets a second copy sent beside it, and the first response of the
         * two is its result (the other copy is cancelled: its HTTP/1.1 connection closed, its
         * HTTP/2 stream reset). The delay runs from the write, not from the start: a request still
         * connecting (a slow TLS handshake) is not late, and a copy of it could not be sooner. At
         * most 5% more requests than the client starts, plus one a second, are hedged. Off by
         * default. {@link Result#hedges()} and {@link BatchStats#hedges()} count the copies
         * written. A delay that more than 5% of requests outlast spends the budget on whichever
         * late requests come first, not on the slowest: {@link #hedgeAtPercentile} picks the
         * delay from the batch instead.
         */
        public Builder hedgeAfter(Duration delay) {
            draft.hedgeAfter = positive("hedgeAfter", delay);
            return this;
        }

        /**
         * Hedges idempotent requests at the latency their batch shows: a request gets a second
         * copy sent beside it once it has waited longer than the {@code p}-quantile (0.95 for
         * the 95th percentile) of its batch's latencies so far, counting the requests still
         * unanswered as the slowest, as {@link #hedgeAfter} does after a fixed delay. That
         * latency is known once a fraction {@code p} of the batch's requests have answered, and
         * at least 20: in a batch that starts at once, when its fastest {@code p} are in, and
         * then the rest, its slowest, are hedged. A batch smaller than that is hedged only after
         * {@link #hedgeAfter}'s delay, when one is set, which also applies until the latency is
         * known. Each batch is judged by its own requests, so a slow API and a fast one are each
         * hedged at their own pace when fetched in separate batches. Off by default; the
         * hedging budget of {@link #hedgeAfter} applies.
         *
         * @throws IllegalArgumentException if p is not between 0 and 1
         */
        public Builder hedgeAtPercentile(double p) {
            draft.hedgePercentile = OptionChecks.fraction("hedgeAtPercentile", p);
            return this;
        }

        /**
         * Paces the starts of requests to every origin, each on its own: at most {@code permits}
         * per {@code per}, one every {@code per / permits} with no burst, so that an API that
         * allows {@code permits} a period answers none with 429; requests wait for their turn
         * in their origin's queue (the wait counts as queued time, not against their timeout),
         * and other origins are not held back. A 429 with {@code Retry-After} from a limited
         * origin pauses its starts that long. A limit set for an origin with
         * {@link #rateLimit(String, int, Duration)} takes its place there.
         */
        public Builder rateLimit(int permits, Duration per) {
            draft.rateLimits.add(new RateLimit(null, positive("permits", permits), positive("per", per)));
            return this;
        }

        /**
         * Paces the starts of requests to {@code origin} (a URL whose scheme, host and port name
         * it, such as {@code "https://api.example.com"}): at most {@code permits} per {@code per};
         * see {@link #rateLimit(int, Duration)}.
         *
         * @throws IllegalArgumentException if origin is not an http or https URL
         */
        public Builder rateLimit(String origin, int permits, Duration per) {
            draft.rateLimits.add(RateLimit.of(
                    Objects.requireNonNull(origin, "origin"), positive("permits", permits), positive("per", per)));
            return this;
        }

        /**
         * Sends the identical GETs of a batch once: requests of the same method (GET or HEAD),
         * URL (as given), headers and timeout, without a body, go out as the first of them, and
         * its outcome (response, or error, with its timings and attempts) is the result of every
         * index that asked, each with its own index and request. For a batch built from data
         * that repeats (the same user's profile for each of their 40 posts), it saves those
         * requests and their connections. Off by default, because it changes what the server
         * sees: a GET repeated on purpose (polling, sampling, a load test) or one that is not
         * safe in practice (a counter, "the next item", a fresh token each time) would be sent
         * fewer times than asked, and every index would get the same answer.
         */
        public Builder coalesceDuplicateGets() {
            draft.coalesceGets = true;
            return this;
        }

        /**
         * Tells {@code listener} every phase of every request (see {@link EventListener}: it is
         * called on the loop thread and must not block). One listener hears all the requests,
         * told apart by the {@link Request} each event names; {@link #eventListenerFactory}
         * makes one per request instead. Replaces a listener or factory set before.
         */
        public Builder eventListener(EventListener listener) {
            draft.events = ConfigDraft.sharedListener(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Has {@code factory} make a listener for each request of each batch, so that it can
         * keep the request's state in its fields (see {@link EventListener}). Replaces a
         * listener or factory set before.
         */
        public Builder eventListenerFactory(EventListener.Factory factory) {
            draft.events = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * Adapts the limit of requests at once to each origin to what the origin does, instead of
         * holding it at {@link #maxConnectionsPerHost} (off by default: a fixed limit is what a
         * caller who set one expects). Each origin's limit starts at the most the options allow
         * and moves on its own: halved by a 429 or 503 answer; shrunk in proportion when
         * responses take more than twice the origin's lowest recent latency (its server is
         * queueing); grown by about one request per round trip while answers come back fast
         * and the limit is in use; shrunk at most once per round trip, and never under 1.
         * Requests over the limit wait in their origin's queue. {@link
         * FanoutClient#concurrencyLimit} tells where an origin's limit stands. See
         * {@link #adaptiveConcurrency(String)} for one origin only.
         */
        public Builder adaptiveConcurrency() {
            draft.adaptiveEveryOrigin = true;
            return this;
        }

        /**
         * Adapts the limit of requests at once to {@code origin} (a URL whose scheme, host and
         * port name it) to what it does, as {@link #adaptiveConcurrency()} does for every origin.
         *
         * @throws IllegalArgumentException if origin is not an http or https URL
         */
        public Builder adaptiveConcurrency(String origin) {
            draft.adaptiveOrigins.add(
                    ConfigDraft.origin("adaptiveConcurrency", Objects.requireNonNull(origin, "origin")));
            return this;
        }

        /**
         * Sets how long a caller's thread waits for the loop to take work it hands over, the
         * admission of a batch in {@link FanoutClient#startAll startAll} and the client's own
         * shutdown in {@link FanoutClient#close() close()}, before it returns without it
         * (default 5 s). A free loop takes such work at once; only a task or listener that holds
         * the loop thread (one that blocks, against the rules) makes a caller wait this long,
         * and then the work is done when the loop is free.
         */
        public Builder handoffTimeout(Duration d) {
            this.handoffTimeout = positive("handoffTimeout", d);
            return this;
        }

        /**
         * Returns the client, with a loop of its own unless {@link #loop} was given.
         *
         * @throws IllegalArgumentException if the trusted certificates cannot be read
         */
        public FanoutClient build() {
            return new FanoutClient(this);
        }

        ClientConfig config() {
            return draft.config(JsonDefaults::mapper);
        }

        static Loop newOwnedLoop() {
            return Loop.start("fanout-loop-" + LOOP_NUMBERS.incrementAndGet());
        }
    }
}
