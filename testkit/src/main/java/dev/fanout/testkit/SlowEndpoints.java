package dev.fanout.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.fanout.testkit.internal.ConnectionCounter;
import dev.fanout.testkit.internal.CountingListener;
import dev.fanout.testkit.internal.InFlightProbe;
import dev.fanout.testkit.internal.ReplyTransformer;
import dev.fanout.testkit.internal.Shape;
import dev.fanout.testkit.internal.ShapeTransformer;
import dev.fanout.testkit.internal.TestCertificates;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Starts an embedded WireMock server tuned for fan-out, and makes slow and faulty endpoints
 * as URLs, each distinct, so that fanned-out URLs never share state.
 *
 * <pre>{@code
 * try (SlowEndpoints server = SlowEndpoints.start()) {
 *   List<String> urls = server.delayed(1_000, Duration.ofSeconds(4));
 *   ... fetch them all with the client under test ...
 *   assertThat(server.peakInFlight()).isEqualTo(1_000);  // all held at once
 * }
 * }</pre>
 *
 * <p>Every endpoint is named by its URL alone ({@code /delay/250/17} answers after 250 ms), so
 * making 10,000 URLs registers nothing; the testkit guide lists the URL shapes. A 2xx answer
 * of a testkit URL has a {@code text/plain} body holding the request's path and query, so a
 * client can tell which URL an answer belongs to, and delayed answers carry the delay the
 * server chose in an {@code X-Delay-Millis} header.
 *
 * <p>The server listens on {@code 127.0.0.1} only, on a dynamic HTTP port and (unless turned
 * off) a dynamic HTTPS port whose certificate {@link #certificatePem()} lets a client trust.
 *
 * <p>Thread-safe: every method may be called from any thread while requests are served.
 */
public final class SlowEndpoints implements AutoCloseable {

    private static final int TESTKIT_PRIORITY = 1_000;

    private final WireMockServer server;
    private final InFlightProbe probe;
    private final ConnectionCounter connections;
    private final ShapeTransformer transformer;
    private final ReplyTransformer replies;
    private final ServerCertificate certificate;
    private final UrlPaths paths = new UrlPaths();
    private volatile StubMapping shapes;

    private SlowEndpoints(
            WireMockServer server,
            InFlightProbe probe,
            ConnectionCounter connections,
            ShapeTransformer transformer,
            ReplyTransformer replies,
            ServerCertificate certificate) {
        this.server = server;
        this.probe = probe;
        this.connections = connections;
        this.transformer = transformer;
        this.replies = replies;
        this.certificate = certificate;
    }

    /** Starts a server with the default options. */
    public static SlowEndpoints start() {
        return builder().start();
    }

    /** Returns a builder for a server with other options. */
    public static SlowEndpointsBuilder builder() {
        return new SlowEndpointsBuilder();
    }

    static SlowEndpoints start(SlowEndpointsBuilder builder) {
        InFlightProbe probe = new InFlightProbe();
        ConnectionCounter connections = new ConnectionCounter();
        ShapeTransformer transformer = new ShapeTransformer(probe);
        ReplyTransformer replies = new ReplyTransformer(probe);
        WireMockServer server = new WireMockServer(
                ServerOptions.of(builder, transformer, replies, new CountingListener(probe), connections));
        server.start();
        SlowEndpoints endpoints = new SlowEndpoints(
                server, probe, connections, transformer, replies, builder.https ? builder.certificate : null);
        endpoints.registerShapes();
        return endpoints;
    }

    /** Returns the plain HTTP base URL, {@code http://127.0.0.1:PORT}, with no trailing slash. */
    public String baseUrl() {
        return "http://" + ServerOptions.LOOPBACK + ":" + server.port();
    }

    /**
     * Returns the HTTPS base URL, {@code https://127.0.0.1:PORT}, with no trailing slash.
     *
     * @throws IllegalStateException if the server was built with {@code https(false)}
     */
    public String httpsBaseUrl() {
        requireHttps();
        return "https://" + ServerOptions.LOOPBACK + ":" + server.httpsPort();
    }

    /** Returns the same URL on the HTTPS port, as in {@code https(server.delayed(d))}. */
    public String https(String url) {
        String base = baseUrl();
        if (!url.startsWith(base)) {
            throw new IllegalArgumentException("url: " + url + " (expected: starting with " + base + ")");
        }
        return httpsBaseUrl() + url.substring(base.length());
    }

    /** Returns {@code baseUrl() + path}, for stubs registered through {@link #wireMock()}. */
    public String url(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path: " + path + " (expected: starting with /)");
        }
        return baseUrl() + path;
    }

    /**
     * Registers a stub of the test's own: requests that {@code request} matches get {@code answer},
     * with its delay, slow body or failure. The latest stub wins where two match.
     *
     * <pre>{@code
     * server.stub(get(urlPathMatching("/users/[0-9]+")),
     *     Answer.json("{\"name\":\"Ada\"}").logNormalDelay(Duration.ofMillis(100), 0.5, Duration.ofSeconds(1)));
     * String url = server.url("/users/7");
     * }</pre>
     *
     * <p>Such stubs are counted in {@link #requestCount()} and {@link #peakInFlight()}, and
     * removed by {@link #reset()}, like stubs registered through {@link #wireMock()}.
     *
     * @param request a WireMock request pattern, such as {@code get(urlPathMatching("/users/.*"))};
     *     its own response, if any, is replaced
     */
    public StubMapping stub(MappingBuilder request, Answer answer) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(answer, "answer");
        int id = replies.register(answer.reply());
        return server.stubFor(request.willReturn(aResponse()
                .withTransformers(ReplyTransformer.NAME)
                .withTransformerParameter(ReplyTransformer.PARAMETER, id)));
    }

    /** Returns a URL answered with 200 after {@code delay}: {@code /delay/{ms}/{tag}}. */
    public String delayed(Duration delay) {
        return baseUrl() + paths.delay(delay);
    }

    /** Returns {@code n} distinct URLs, each answered with 200 after {@code delay}. */
    public List<String> delayed(int n, Duration delay) {
        if (n < 0) {
            throw new IllegalArgumentException("n: " + n + " (expected: >= 0)");
        }
        List<String> urls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            urls.add(delayed(delay));
        }
        return urls;
    }

    /** Returns a URL answered after a delay drawn uniformly from [min, max] at each request. */
    public String uniformDelay(Duration min, Duration max) {
        return baseUrl() + paths.uniform(min, max);
    }

    /**
     * Returns a URL answered after a log-normal delay drawn at each request, as real services'
     * latencies are: half the requests take less than {@code median}, {@code sigma} (say 0.5 to
     * 1) sets the tail, and none takes longer than {@code cap}.
     */
    public String logNormalDelay(Duration median, double sigma, Duration cap) {
        return baseUrl() + paths.logNormal(median, sigma, cap);
    }

    /**
     * Returns a URL whose 200 response sends {@code bytes} of body in {@code chunks} chunks spread
     * evenly over {@code duration} (a chunked "dribble"). Each slow body takes one of the server's
     * response threads while it is sent (see {@link SlowEndpointsBuilder#responseThreads}).
     */
    public String slowBody(int bytes, int chunks, Duration duration) {
        return baseUrl() + paths.slowBody(bytes, chunks, duration);
    }

    /** Returns a URL answered at once with {@code bytes} bytes of body: a to z, over and over. */
    public String body(int bytes) {
        return baseUrl() + paths.body(bytes);
    }

    /** Returns a URL answered at once with {@code status}, such as 404 or 503. */
    public String status(int status) {
        return baseUrl() + paths.status(status, Map.of());
    }

    /** Returns a URL answered at once with {@code status} and these response headers. */
    public String status(int status, Map<String, String> headers) {
        return baseUrl() + paths.status(status, headers);
    }

    /** Returns a URL answered with the JSON document {@code {"url":"<its path>"}}. */
    public String json() {
        return baseUrl() + paths.json(null);
    }

    /** Returns a URL answered with {@code json} as its {@code application/json} body. */
    public String json(String json) {
        return baseUrl() + paths.json(Objects.requireNonNull(json, "json"));
    }

    /**
     * Returns {@code url} asking for one more response header: any testkit URL takes any number,
     * as in {@code withHeader(server.status(429), "Retry-After", "1")}.
     */
    public static String withHeader(String url, String name, String value) {
        return UrlPaths.withHeader(url, name, value);
    }

    /** Returns a URL whose connection is closed with a TCP reset instead of a response. */
    public String connectionReset() {
        return fault(Fault.CONNECTION_RESET_BY_PEER);
    }

    /** Returns a URL whose connection is closed without a single byte of response. */
    public String emptyResponse() {
        return fault(Fault.EMPTY_RESPONSE);
    }

    /** Returns a URL answered with a 200 status line, then a malformed chunk, then a close. */
    public String malformedChunk() {
        return fault(Fault.MALFORMED_RESPONSE_CHUNK);
    }

    /** Returns a URL answered with random bytes instead of a response, then a close. */
    public String randomDataThenClose() {
        return fault(Fault.RANDOM_DATA_THEN_CLOSE);
    }

    /** Returns a URL answered with WireMock's {@code fault}. */
    public String fault(Fault fault) {
        return baseUrl() + paths.fault(fault);
    }

    /**
     * Returns a URL that fails with {@code failure} for its first {@code failures} requests, then
     * answers 200: each URL counts its own requests, so a retrying client sees exactly
     * {@code failures} failures per URL. {@link #reset()} starts the counts again.
     */
    public String flaky(int failures, Failure failure) {
        return baseUrl() + paths.flaky(failures, failure);
    }

    /**
     * Returns a URL that is never answered while the server runs (it would be after 24 days):
     * the request is held, its connection open, until the client gives up or the server closes.
     */
    public String neverAnswers() {
        return baseUrl() + paths.never();
    }

    /**
     * Returns a URL answered with its own request as JSON, to see what a client sent:
     * {@code {"method":"GET","url":"/echo/7","headers":{"Host":["..."]},"body":""}}.
     */
    public String echo() {
        return baseUrl() + paths.echo();
    }

    /** Returns a URL answered with {@code status} (301, 302, 303, 307, 308) to {@code location}. */
    public String redirect(int status, String location) {
        return baseUrl() + paths.redirect(status, location);
    }

    /** Returns a URL answered with a 302 to itself, for ever. */
    public String redirectLoop() {
        return baseUrl() + paths.redirectLoop();
    }

    /**
     * Returns a URL answered with a {@code Content-Encoding: gzip} body of zeros that inflates to
     * {@code inflatedBytes} (at most 4 GiB): 1 GB is about 1 MB on the wire. The body is made
     * when first asked for, about 3 s per GB, then kept for the JVM's life.
     */
    public String gzipBody(long inflatedBytes) {
        return baseUrl() + paths.gzip(inflatedBytes);
    }

    /**
     * Returns the most requests the server held at once since the last reset, whatever
     * connections they came on: over HTTP/2, each stream is a request.
     *
     * <p>A request is held from its arrival for its delay: the delay of a testkit URL, which the
     * server chose itself, or the fixed delay of a stub of the test's own. This is the most such
     * intervals that overlap at one instant, so it is exact for fixed and random delays alike;
     * a slow body counts for its nominal duration; answers without delay do not count.
     *
     * @see #peakConnections()
     */
    public int peakInFlight() {
        return probe.peakInFlight();
    }

    /**
     * Returns the number of TCP connections the server accepted since the last reset, on both
     * ports: one per connection, whether it carried HTTP/1.1, h2 over TLS or h2c. Twenty
     * requests over HTTP/1.1 on fresh connections count 20; twenty HTTP/2 streams on one
     * connection count 1 (and {@link #peakInFlight()} 20, if they were held at once).
     */
    public int connectionsOpened() {
        return connections.opened();
    }

    /**
     * Returns the most TCP connections open at once since the last reset. Connections still
     * open at the reset (a client's idle keep-alive connections) count in it from the start.
     */
    public int peakConnections() {
        return connections.peak();
    }

    /**
     * Returns the number of TCP connections open now, the server's view: a connection a client
     * closed leaves it a moment later, once the server has read the close.
     */
    public int openConnections() {
        return connections.open();
    }

    /** Returns the time from the first to the last arrival of a request since the last reset. */
    public Duration arrivalSpread() {
        return probe.arrivalSpread();
    }

    /** Returns the number of requests received since the last reset, whatever answered them. */
    public int requestCount() {
        return probe.requestCount();
    }

    /**
     * Returns the number of requests received for {@code url} since the last reset: retries and
     * hedges as the server saw them. Only the path and query count, so a URL and its
     * {@link #https} twin share one count.
     */
    public int requestCount(String url) {
        return probe.requestCount(UrlPaths.pathAndQuery(url));
    }

    /** Returns each requested path (with its query) and its number of requests, by path. */
    public Map<String, Integer> requestCounts() {
        return probe.requestCounts();
    }

    /**
     * Forgets every request, count, peak and flaky failure so far, and removes the stubs the test
     * registered through {@link #wireMock()}. The testkit's URLs keep working. Connections open
     * at the reset stay open, and count on in {@link #openConnections()} and
     * {@link #peakConnections()}; {@link #connectionsOpened()} starts again from 0.
     */
    public void reset() {
        // Not resetAll(): the testkit's own stub stays, so its URLs never answer 404 meanwhile.
        boolean shapesRegistered = false;
        for (StubMapping stub : server.getStubMappings()) {
            if (stub.getId().equals(shapes.getId())) {
                shapesRegistered = true;
            } else {
                server.removeStubMapping(stub);
            }
        }
        if (!shapesRegistered) {
            registerShapes();
        }
        server.resetRequests();
        server.resetScenarios();
        probe.reset();
        connections.reset();
        transformer.reset();
        replies.reset();
    }

    /**
     * Returns the PEM file of the certificate a client must trust for the HTTPS port: the testkit
     * CA (in vain for {@link ServerCertificate#UNTRUSTED_CA}), or for {@link
     * ServerCertificate#SELF_SIGNED} that certificate itself. A temporary file, made on first use
     * and deleted when the JVM exits.
     */
    public Path certificatePem() {
        return certificate == null
                ? TestCertificates.testkitCaPem()
                : certificate.served().trustedPem();
    }

    /** Returns a TLS context, for JDK clients, that trusts exactly {@link #certificatePem()}. */
    public SSLContext sslContext() {
        return TestCertificates.sslContext(certificatePem());
    }

    /** Returns a trust store (PKCS12, in memory) holding exactly {@link #certificatePem()}. */
    public KeyStore trustStore() {
        return TestCertificates.trustStore(certificatePem());
    }

    /** Returns the certificate the HTTPS port presents. */
    public ServerCertificate certificate() {
        requireHttps();
        return certificate;
    }

    /** Returns the WireMock server underneath, for stubs and verifications of the test's own. */
    public WireMockServer wireMock() {
        return server;
    }

    /** Stops the server at once, closing held requests' connections; idempotent. */
    @Override
    public void close() {
        if (server.isRunning()) {
            server.stop();
        }
    }

    private void registerShapes() {
        shapes = server.stubFor(any(urlPathMatching(Shape.pathRegex()))
                .atPriority(TESTKIT_PRIORITY)
                .willReturn(aResponse().withTransformers(ShapeTransformer.NAME)));
    }

    private void requireHttps() {
        if (certificate == null) {
            throw new IllegalStateException("https is off (built with https(false))");
        }
    }
}
