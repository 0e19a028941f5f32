package dev.fanout.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.fanout.testkit.internal.CountingListener;
import dev.fanout.testkit.internal.InFlightProbe;
import dev.fanout.testkit.internal.Query;
import dev.fanout.testkit.internal.Shape;
import dev.fanout.testkit.internal.ShapeTransformer;
import dev.fanout.testkit.internal.TlsFiles;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * Starts an embedded WireMock server tuned for fan-out, and makes slow and faulty endpoints
 * as URLs, each distinct, so that fanned-out URLs never share state.
 *
 * <pre>{@code
 * try (SlowEndpoints server = SlowEndpoints.start()) {
 *   List<String> urls = server.delayed(1_000, Duration.ofSeconds(2));
 *   ... fetch them all with the client under test ...
 *   assertThat(server.peakInFlight()).isEqualTo(1_000);  // all held at once
 * }
 * }</pre>
 *
 * <p>Every endpoint is named by its URL alone ({@code /delay/250/17} answers after 250 ms), so
 * making 10,000 URLs registers nothing and costs nothing; the URL shapes are listed in the
 * testkit guide. Responses to the testkit's URLs are {@code text/plain} bodies holding the
 * request's path and query, so a client can check which URL an answer belongs to.
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
  private final ShapeTransformer transformer;
  private final ServerCertificate certificate;
  private final AtomicLong tags = new AtomicLong();

  private SlowEndpoints(
      WireMockServer server, InFlightProbe probe, ShapeTransformer transformer,
      ServerCertificate certificate) {
    this.server = server;
    this.probe = probe;
    this.transformer = transformer;
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
    ShapeTransformer transformer = new ShapeTransformer(probe);
    WireMockServer server =
        new WireMockServer(ServerOptions.of(builder, transformer, new CountingListener(probe)));
    server.start();
    SlowEndpoints endpoints =
        new SlowEndpoints(server, probe, transformer, builder.https ? builder.certificate : null);
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

  /** Returns the same URL on the HTTPS port: {@code https(server.delayed(d))}. */
  public String https(String url) {
    String base = baseUrl();
    if (!url.startsWith(base)) {
      throw new IllegalArgumentException("url: " + url + " (expected: one starting with " + base + ")");
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

  /** Returns a URL answered with 200 after {@code delay}: {@code /delay/{ms}/{tag}}. */
  public String delayed(Duration delay) {
    return make(Shape.DELAY, millis("delay", delay));
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
    long from = millis("min", min);
    long to = millis("max", max);
    if (to < from) {
      throw new IllegalArgumentException("max: " + max + " (expected: >= min " + min + ")");
    }
    return make(Shape.UNIFORM, from, to);
  }

  /**
   * Returns a URL answered after a log-normal delay drawn at each request: half the requests
   * take less than {@code median}; {@code sigma} (say 0.5 to 1) sets the tail; none takes longer
   * than {@code cap}. Latencies of real services look like this.
   */
  public String logNormalDelay(Duration median, double sigma, Duration cap) {
    if (!(sigma >= 0 && sigma <= 10)) {
      throw new IllegalArgumentException("sigma: " + sigma + " (expected: 0..10)");
    }
    return make(Shape.LOGNORMAL, millis("median", median), Math.round(sigma * 1000),
        millis("cap", cap));
  }

  /**
   * Returns a URL whose 200 response sends {@code bytes} of body in {@code chunks} chunks spread
   * evenly over {@code duration} (a chunked "dribble"): headers come at once, the body slowly.
   */
  public String slowBody(int bytes, int chunks, Duration duration) {
    if (chunks <= 0 || chunks > bytes) {
      throw new IllegalArgumentException(
          "chunks: " + chunks + " (expected: 0 < chunks <= bytes " + bytes + ")");
    }
    return make(Shape.DRIBBLE, bytes, chunks, millis("duration", duration));
  }

  /** Returns a URL answered at once with a body of {@code bytes} bytes (the letters a to z, cycling). */
  public String body(int bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes: " + bytes + " (expected: >= 0)");
    }
    return make(Shape.BYTES, bytes);
  }

  /** Returns a URL answered at once with {@code status}, such as 404 or 503. */
  public String status(int status) {
    return make(Shape.STATUS, Failure.status(status).urlWord().substring("status-".length()));
  }

  /** Returns a URL answered at once with {@code status} and these response headers. */
  public String status(int status, Map<String, String> headers) {
    String url = status(status);
    for (Map.Entry<String, String> header : headers.entrySet()) {
      url = withHeader(url, header.getKey(), header.getValue());
    }
    return url;
  }

  /** Returns a URL answered with the JSON document {@code {"url":"<its path>"}}. */
  public String json() {
    return make(Shape.JSON);
  }

  /** Returns a URL answered with {@code json} as an {@code application/json} body. */
  public String json(String json) {
    return Query.append(json(), Query.body(Objects.requireNonNull(json, "json")));
  }

  /**
   * Returns {@code url} with one more response header asked for: any testkit URL accepts any
   * number of them, as in {@code withHeader(server.status(429), "Retry-After", "1")}.
   */
  public static String withHeader(String url, String name, String value) {
    return Query.append(url, Query.header(name, value));
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
    return make(Shape.FAULT, Failure.fault(fault).urlWord());
  }

  /**
   * Returns a URL that fails with {@code failure} for its first {@code failures} requests, then
   * answers 200: each URL counts its own requests, so a retrying client sees exactly
   * {@code failures} failures per URL. {@link #reset()} starts the counts again.
   */
  public String flaky(int failures, Failure failure) {
    if (failures < 0) {
      throw new IllegalArgumentException("failures: " + failures + " (expected: >= 0)");
    }
    return make(Shape.FLAKY, failures, Objects.requireNonNull(failure, "failure").urlWord());
  }

  /**
   * Returns a URL that is never answered while the server runs (about 24 days): the request
   * is held, its connection open, until the client gives up or the server closes.
   */
  public String neverAnswers() {
    return make(Shape.NEVER);
  }

  /**
   * Returns the most requests the server held at once since the last reset.
   *
   * <p>Each request to a testkit URL is held from its arrival for its delay (or, for a slow
   * body, its duration); this is the most such intervals that overlap at one instant. It is
   * exact for fixed delays: the server knows each delay, it does not guess from responses.
   * Requests answered at once and requests to the test's own stubs are not counted in it.
   */
  public int peakInFlight() {
    return probe.peakInFlight();
  }

  /** Returns the time from the first to the last arrival of a testkit request since the last reset. */
  public Duration arrivalSpread() {
    return probe.arrivalSpread();
  }

  /** Returns the number of requests received since the last reset, whatever answered them. */
  public int requestCount() {
    return probe.requestCount();
  }

  /**
   * Returns the number of requests received for {@code url} since the last reset: retries and
   * hedges as the server saw them. The scheme and authority are ignored, so a URL and its
   * {@link #https} twin share one count.
   */
  public int requestCount(String url) {
    return probe.requestCount(pathAndQuery(url));
  }

  /** Returns each requested path (with its query) and how many requests it got, sorted by path. */
  public Map<String, Integer> requestCounts() {
    return probe.requestCounts();
  }

  /**
   * Forgets every request, count, peak and flaky failure so far, and removes the stubs the test
   * registered through {@link #wireMock()}. The testkit's URLs keep working.
   */
  public void reset() {
    server.resetAll();
    probe.reset();
    transformer.reset();
    registerShapes();
  }

  /** Returns the PEM file of the certificate a client must trust for the HTTPS port: the testkit CA. */
  public Path certificatePem() {
    return certificate == ServerCertificate.SELF_SIGNED
        ? TlsFiles.path("self-signed.pem")
        : TlsFiles.path("ca.pem");
  }

  /** Returns a TLS context, for JDK clients, that trusts exactly {@link #certificatePem()}. */
  public SSLContext sslContext() {
    return TlsFiles.sslContext(certificatePem());
  }

  /** Returns a trust store (PKCS12, in memory) holding exactly {@link #certificatePem()}. */
  public KeyStore trustStore() {
    return TlsFiles.trustStore(certificatePem());
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

  /** Stops the server at once, dropping held requests; idempotent. */
  @Override
  public void close() {
    if (server.isRunning()) {
      server.stop();
    }
  }

  private void registerShapes() {
    server.stubFor(
        any(urlPathMatching(Shape.pathRegex()))
            .atPriority(TESTKIT_PRIORITY)
            .willReturn(aResponse().withTransformers(ShapeTransformer.NAME)));
  }

  private String make(Shape shape, Object... args) {
    return baseUrl() + shape.path(tags.incrementAndGet(), args);
  }

  private void requireHttps() {
    if (certificate == null) {
      throw new IllegalStateException("https is off (built with https(false))");
    }
  }

  private static long millis(String name, Duration duration) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + ": " + duration + " (expected: >= 0)");
    }
    return duration.toMillis();
  }

  private static String pathAndQuery(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return url;
    }
    int slash = url.indexOf('/', scheme + 3);
    return slash < 0 ? "/" : url.substring(slash);
  }
}
