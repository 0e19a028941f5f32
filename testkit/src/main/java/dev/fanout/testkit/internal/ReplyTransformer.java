package dev.fanout.testkit.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers the stubs a test registers with an {@code Answer}: each such stub names its {@link
 * Reply} by a number in its transformer parameters, and this draws the reply's delay, counts its
 * flaky failures per URL and records the hold in the {@link InFlightProbe}, at each request.
 *
 * <p>Thread-safe: Jetty calls {@link #transform} on many threads at once, while a test thread
 * registers replies.
 */
public final class ReplyTransformer implements ResponseDefinitionTransformerV2 {

    /** The name stubs use to ask for this transformer. */
    public static final String NAME = "fanout-testkit-reply";

    /** The transformer parameter that holds the number of the stub's reply. */
    public static final String PARAMETER = "fanout-reply";

    private final InFlightProbe probe;
    private final Map<Integer, Reply> replies = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, AtomicInteger> flakyCounts = new ConcurrentHashMap<>();

    /** Creates a transformer that records into {@code probe}. */
    public ReplyTransformer(InFlightProbe probe) {
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

    /** Keeps {@code reply} and returns the number a stub names it by. */
    public int register(Reply reply) {
        int id = ids.incrementAndGet();
        replies.put(id, reply);
        return id;
    }

    /** Forgets the replies (their stubs are gone) and how often each flaky URL has failed. */
    public void reset() {
        replies.clear();
        flakyCounts.clear();
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        long arrival = System.nanoTime();
        String url = serveEvent.getRequest().getUrl();
        Parameters parameters = serveEvent.getTransformerParameters();
        Object id = parameters == null ? null : parameters.get(PARAMETER);
        Reply reply = id == null ? null : replies.get(Integer.valueOf(id.toString()));
        if (reply == null) {
            probe.held(arrival, 0);
            return aResponse()
                    .withStatus(500)
                    .withBody("this stub's answer was removed by a reset\n")
                    .build();
        }
        String path = Query.of(url).path();
        if (reply.flakyFailures > 0
                && flakyCounts
                                .computeIfAbsent(id + " " + path, key -> new AtomicInteger())
                                .incrementAndGet()
                        <= reply.flakyFailures) {
            probe.held(arrival, 0);
            return ShapeTransformer.failure(reply.flakyFailure, url).build();
        }
        if (reply.failure != null) {
            probe.held(arrival, 0);
            return ShapeTransformer.failure(reply.failure, url).build();
        }
        if (reply.never) {
            probe.held(arrival, InFlightProbe.FOREVER);
            return aResponse()
                    .withStatus(200)
                    .withFixedDelay(ShapeTransformer.NEVER_MILLIS)
                    .build();
        }
        ResponseDefinitionBuilder response = aResponse().withStatus(reply.status);
        for (Map.Entry<String, String> header : reply.headers) {
            response.withHeader(header.getKey(), header.getValue());
        }
        byte[] body = reply.body.apply(path).getBytes(StandardCharsets.UTF_8);
        response.withBody(body);
        long delayMillis = delayMillis(reply);
        if (delayMillis > 0) {
            response.withFixedDelay((int) delayMillis)
                    .withHeader(ShapeTransformer.DELAY_HEADER, Long.toString(delayMillis));
        }
        long holdMillis = delayMillis;
        if (reply.dribbleChunks > 0 && body.length > 0) {
            response.withChunkedDribbleDelay(Math.min(reply.dribbleChunks, body.length), (int) reply.dribbleMillis);
            holdMillis += reply.dribbleMillis;
        }
        probe.held(arrival, TimeUnit.MILLISECONDS.toNanos(holdMillis));
        return response.build();
    }

    private static long delayMillis(Reply reply) {
        long[] args = reply.delayArgs;
        switch (reply.delayKind) {
            case FIXED:
                return args[0];
            case UNIFORM:
                return ShapeTransformer.uniform(args[0], args[1]);
            case LOGNORMAL:
                return ShapeTransformer.logNormal(args[0], args[1], args[2]);
            default:
                return 0;
        }
    }
}
