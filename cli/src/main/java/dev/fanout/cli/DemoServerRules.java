package dev.fanout.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo's two endpoints that the testkit lacks, answered by one WireMock transformer on the
 * demo's server:
 *
 * <ul>
 *   <li>{@code /paced/{ms}/{tag}}: 200 after {@code ms}, within the server's rate limit, a token
 *       bucket of {@link #BURST} refilled at {@code perSecond}: beyond it, 429 at once with
 *       {@code Retry-After: 1}, as an API that allows so many requests a second does;
 *   <li>{@code /hiccup/{stallMs}/{ms}/{tag}}: the first request stalls {@code stallMs} (a pause
 *       in the server, a lost packet) before its 200; every later one answers after {@code ms}.
 *       The stall is the request's, not the URL's: a second copy of it is answered in the usual
 *       time.
 * </ul>
 *
 * <p>Thread-safe: Jetty calls {@link #transform} on many threads at once.
 */
final class DemoServerRules implements ResponseDefinitionTransformerV2 {

    /** The name the demo's stub asks for this transformer by. */
    static final String NAME = "fanout-demo-rules";

    /** The paths this transformer answers, for the stub. */
    static final String PATHS = "/(paced|hiccup)/.*";

    /**
     * How many requests the rate limit lets through at once after a quiet spell: a few, as real
     * APIs allow, so that a paced client's small jitter is no excess, and an unpaced batch is.
     */
    static final int BURST = 5;

    private final long nanosPerToken;
    private final Map<String, AtomicInteger> hiccups = new ConcurrentHashMap<>();
    private double tokens = BURST;
    private long refilled = System.nanoTime();

    /** Creates the rules of a server that allows {@code perSecond} paced requests a second. */
    DemoServerRules(int perSecond) {
        this.nanosPerToken = Duration.ofSeconds(1).toNanos() / perSecond;
    }

    /** Returns the path of a paced URL answered after {@code delay}, tagged {@code tag}. */
    static String paced(Duration delay, int tag) {
        return "/paced/" + delay.toMillis() + "/" + tag;
    }

    /** Returns the path of a URL whose first request stalls {@code stall}, later ones {@code delay}. */
    static String hiccup(Duration stall, Duration delay, int tag) {
        return "/hiccup/" + stall.toMillis() + "/" + delay.toMillis() + "/" + tag;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        String url = serveEvent.getRequest().getUrl();
        String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        String[] segments = path.split("/");
        ResponseDefinitionBuilder response =
                aResponse().withHeader("Content-Type", "text/plain").withBody(path + "\n");
        try {
            if (segments[1].equals("paced")) {
                if (!take()) {
                    return aResponse()
                            .withStatus(429)
                            .withHeader("Retry-After", "1")
                            .withBody("too many requests: at most "
                                    + Duration.ofSeconds(1).toNanos() / nanosPerToken + " a second\n")
                            .build();
                }
                return response.withStatus(200)
                        .withFixedDelay(Integer.parseInt(segments[2]))
                        .build();
            }
            boolean first =
                    hiccups.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet() == 1;
            return response.withStatus(200)
                    .withFixedDelay(Integer.parseInt(first ? segments[2] : segments[3]))
                    .build();
        } catch (RuntimeException e) { // a path typed by hand: say what is wrong with it
            return aResponse()
                    .withStatus(400)
                    .withBody("expected /paced/{ms}/{tag} or /hiccup/{stallMs}/{ms}/{tag}, got " + path + "\n")
                    .build();
        }
    }

    /** Takes a token from the bucket; returns false, taking nothing, when it is empty. */
    private synchronized boolean take() {
        long now = System.nanoTime();
        tokens = Math.min(BURST, tokens + (double) (now - refilled) / nanosPerToken);
        refilled = now;
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }
}
