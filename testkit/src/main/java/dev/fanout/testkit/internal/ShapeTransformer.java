package dev.fanout.testkit.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers every testkit URL from its path alone, so a test can build thousands of URLs without
 * registering a stub for each: {@code /delay/250/17} is answered after 250 ms.
 *
 * <p>Each answered request is recorded in the {@link InFlightProbe} with the time the server
 * will hold it. Flaky URLs count their own requests here, one counter per path.
 *
 * <p>Thread-safe: Jetty calls {@link #transform} on many threads at once.
 */
public final class ShapeTransformer implements ResponseDefinitionTransformerV2 {

    /** The name stubs use to ask for this transformer. */
    public static final String NAME = "fanout-testkit-shapes";

    /** The response header that says how long the server held a delayed request, in ms. */
    public static final String DELAY_HEADER = "X-Delay-Millis";

    /** Held requests that are never answered wait this long (about 24 days). */
    static final int NEVER_MILLIS = Integer.MAX_VALUE;

    private final InFlightProbe probe;
    private final Map<String, AtomicInteger> flakyCounts = new ConcurrentHashMap<>();

    /** Creates a transformer that records into {@code probe}. */
    public ShapeTransformer(InFlightProbe probe) {
        this.probe = probe;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    /** Forgets how often each flaky URL has failed. */
    public void reset() {
        flakyCounts.clear();
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        long arrival = System.nanoTime();
        String url = serveEvent.getRequest().getUrl();
        Query query;
        try {
            query = Query.of(url);
        } catch (IllegalArgumentException e) {
            probe.held(arrival, 0);
            return aResponse()
                    .withStatus(400)
                    .withBody("bad query: " + e.getMessage() + "\n")
                    .build();
        }
        Shape.Parsed parsed = Shape.parse(query.path());
        if (parsed == null) {
            probe.held(arrival, 0);
            return aResponse()
                    .withStatus(404)
                    .withBody("no testkit endpoint at " + url + "\n")
                    .build();
        }
        ResponseDefinitionBuilder response;
        long holdMillis;
        try {
            switch (parsed.shape()) {
                case DELAY:
                    holdMillis = millis(parsed.number(0));
                    response = text(200, url).withFixedDelay((int) holdMillis);
                    break;
                case UNIFORM:
                    holdMillis = uniform(parsed.number(0), parsed.number(1));
                    response = text(200, url).withFixedDelay((int) holdMillis);
                    break;
                case LOGNORMAL:
                    holdMillis = logNormal(parsed.number(0), parsed.number(1), parsed.number(2));
                    response = text(200, url).withFixedDelay((int) holdMillis);
                    break;
                case DRIBBLE:
                    holdMillis = millis(parsed.number(2));
                    response = dribble(parsed.number(0), parsed.number(1), holdMillis);
                    break;
                case BYTES:
                    holdMillis = 0;
                    response = aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "application/octet-stream")
                            .withBody(Bodies.bytes(bytes(parsed.number(0))));
                    break;
                case STATUS:
                    holdMillis = 0;
                    response = text(FailureCode.status("status-" + parsed.word(0)), url);
                    break;
                case JSON:
                    holdMillis = 0;
                    response = aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "application/json")
                            .withBody(query.body() != null ? query.body() : Bodies.json(url));
                    break;
                case FAULT:
                    holdMillis = 0;
                    response = failure(parsed.word(0), url);
                    break;
                case FLAKY:
                    holdMillis = 0;
                    int count = flakyCounts
                            .computeIfAbsent(query.path(), p -> new AtomicInteger())
                            .incrementAndGet();
                    response = count <= parsed.number(0) ? failure(parsed.word(1), url) : text(200, url);
                    break;
                case NEVER:
                    holdMillis = InFlightProbe.FOREVER;
                    response = text(200, url).withFixedDelay(NEVER_MILLIS);
                    break;
                case ECHO:
                    holdMillis = 0;
                    response = aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "application/json")
                            .withBody(Bodies.echo(serveEvent.getRequest()));
                    break;
                case REDIRECT_LOOP:
                    holdMillis = 0;
                    response = text(302, url).withHeader("Location", url);
                    break;
                case GZIP:
                    holdMillis = 0;
                    response = aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "application/octet-stream")
                            .withHeader("Content-Encoding", "gzip")
                            .withBody(Bodies.gzippedZeros(parsed.number(0)));
                    break;
                default:
                    throw new IllegalStateException("shape " + parsed.shape());
            }
        } catch (IllegalArgumentException e) {
            probe.held(arrival, 0);
            return aResponse().withStatus(400).withBody(e.getMessage() + "\n").build();
        }
        if (holdMillis > 0 && parsed.shape() != Shape.DRIBBLE) {
            response.withHeader(DELAY_HEADER, Long.toString(holdMillis));
        }
        for (Map.Entry<String, String> header : query.headers()) {
            response.withHeader(header.getKey(), header.getValue());
        }
        probe.held(
                arrival,
                holdMillis == InFlightProbe.FOREVER
                        ? InFlightProbe.FOREVER
                        : TimeUnit.MILLISECONDS.toNanos(holdMillis));
        return response.build();
    }

    static ResponseDefinitionBuilder text(int status, String url) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "text/plain; charset=utf-8")
                .withBody(url.getBytes(StandardCharsets.UTF_8));
    }

    static ResponseDefinitionBuilder failure(String word, String url) {
        Fault fault = FailureCode.fault(word);
        return fault != null ? aResponse().withFault(fault) : text(FailureCode.status(word), url);
    }

    private static ResponseDefinitionBuilder dribble(long size, long chunks, long millis) {
        int n = bytes(size);
        if (n == 0 || chunks == 0 || chunks > n) {
            throw new IllegalArgumentException(
                    "dribble: " + chunks + " chunks of " + n + " bytes (expected: 0 < chunks <= bytes)");
        }
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/octet-stream")
                .withBody(Bodies.bytes(n))
                .withChunkedDribbleDelay((int) chunks, (int) millis);
    }

    private static long millis(long ms) {
        if (ms > NEVER_MILLIS) {
            throw new IllegalArgumentException("delay: " + ms + " ms (expected: <= " + NEVER_MILLIS + ")");
        }
        return ms;
    }

    private static int bytes(long n) {
        if (n > Bodies.MAX_BYTES) {
            throw new IllegalArgumentException("bytes: " + n + " (expected: <= " + Bodies.MAX_BYTES + ")");
        }
        return (int) n;
    }

    static long uniform(long min, long max) {
        if (max < min) {
            throw new IllegalArgumentException("uniform: max " + max + " < min " + min);
        }
        return millis(ThreadLocalRandom.current().nextLong(min, max + 1));
    }

    static long logNormal(long medianMillis, long sigmaThousandths, long capMillis) {
        double sigma = sigmaThousandths / 1000.0;
        double drawn =
                medianMillis * Math.exp(sigma * ThreadLocalRandom.current().nextGaussian());
        return millis(Math.min(capMillis, Math.round(drawn)));
    }
}
