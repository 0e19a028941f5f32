package dev.fanout.micrometer;

import dev.fanout.client.EventListener;
import dev.fanout.client.FanoutClient;
import dev.fanout.client.Request;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * fanout's meters in a Micrometer {@link MeterRegistry}, named and tagged as Micrometer's HTTP
 * client instrumentations are:
 *
 * <ul>
 *   <li>{@code http.client.requests}, a timer of every request from its start in the batch to
 *       its result, tagged {@code method}, {@code status} (the code, or {@code CLIENT_ERROR} when
 *       no response came), {@code outcome} ({@code SUCCESS}, {@code REDIRECTION},
 *       {@code CLIENT_ERROR}, {@code SERVER_ERROR}, {@code INFORMATIONAL}, or {@code UNKNOWN}
 *       with no response), {@code exception} (the {@link dev.fanout.client.ErrorKind} of a
 *       failure, else {@code none}) and {@code client.name} (the URL's host: low cardinality, no
 *       full URL);
 *   <li>{@code fanout.client.retries} and {@code fanout.client.hedges}, counters per
 *       {@code client.name}; {@code fanout.client.replays}, requests sent again at once on a fresh
 *       connection because the one they met was going away, per {@code client.name} and
 *       {@code reason} ({@code stale}: a pooled connection the server had closed; {@code refused}:
 *       an HTTP/2 GOAWAY or REFUSED_STREAM left the request unprocessed);
 *   <li>{@code fanout.client.requests.open} and {@code fanout.client.requests.queued}, gauges per
 *       {@code client.name}: requests started and not ended, and those waiting for a slot or a
 *       connection;
 *   <li>with {@link #bind(FanoutClient)}: {@code fanout.client.connections.active} and
 *       {@code fanout.client.connections.idle}, the client's connections per {@code client.name}
 *       (the host; registered when the client connects to a host, removed once it holds no
 *       connection to it, both at the next lag probe), and for its loop
 *       {@code fanout.loop.tasks.slow} (tasks that held the loop past its slow-task threshold),
 *       {@code fanout.loop.tasks.pending}, and {@code fanout.loop.lag}, a timer of how late a
 *       probe task ran on the loop (the time every request on the loop waits), each tagged
 *       {@code loop} with the loop's name.
 * </ul>
 *
 * <p>It is the client's {@link EventListener.Factory}:
 *
 * <pre>{@code
 * FanoutMetrics metrics = FanoutMetrics.create(registry);
 * FanoutClient client = FanoutClient.builder().eventListenerFactory(metrics).build();
 * metrics.bind(client);
 * }</pre>
 *
 * <p>Its listeners run on the loop thread and only count: a few map reads and atomic adds per
 * request. Thread-safe; one instance may serve several clients.
 */
public final class FanoutMetrics implements EventListener.Factory {

    /** The default interval of the loop lag probe. */
    public static final Duration DEFAULT_LAG_PROBE_INTERVAL = Duration.ofSeconds(1);

    private final MeterRegistry registry;
    private final Tags common;
    private final ConcurrentHashMap<String, OriginMeters> origins = new ConcurrentHashMap<>();

    private FanoutMetrics(MeterRegistry registry, Tags common) {
        this.registry = registry;
        this.common = common;
    }

    /** Returns the meters of fanout clients in {@code registry}. */
    public static FanoutMetrics create(MeterRegistry registry) {
        return create(registry, Tags.empty());
    }

    /** Returns the meters of fanout clients in {@code registry}, each with {@code tags} too. */
    public static FanoutMetrics create(MeterRegistry registry, Iterable<Tag> tags) {
        return new FanoutMetrics(Objects.requireNonNull(registry, "registry"), Tags.of(tags));
    }

    /** Returns the listener that meters {@code request}; called by the client on its loop thread. */
    @Override
    public EventListener create(Request request) {
        return new RequestMeters(this, request);
    }

    /**
     * Adds the gauges of {@code client}'s connections and of its loop (see the class comment)
     * and starts the loop lag probe, every {@link #DEFAULT_LAG_PROBE_INTERVAL}. Closing what it
     * returns removes them and stops the probe; so does the loop's end.
     */
    public ClientMeters bind(FanoutClient client) {
        return bind(client, DEFAULT_LAG_PROBE_INTERVAL);
    }

    /** As {@link #bind(FanoutClient)}, probing the loop's lag every {@code lagProbeInterval}. */
    public ClientMeters bind(FanoutClient client, Duration lagProbeInterval) {
        Objects.requireNonNull(client, "client");
        if (lagProbeInterval.isNegative() || lagProbeInterval.isZero()) {
            throw new IllegalArgumentException("lagProbeInterval: " + lagProbeInterval + " (expected: > 0)");
        }
        return new ClientMeters(registry, common, client, lagProbeInterval);
    }

    /** Returns the meters of one origin's host, made the first time it is asked for. */
    OriginMeters origin(String host) {
        return origins.computeIfAbsent(host, h -> new OriginMeters(registry, common.and("client.name", h)));
    }

    /** Returns the registry. */
    MeterRegistry registry() {
        return registry;
    }

    /** Returns the tags every meter has. */
    Tags common() {
        return common;
    }

    /** The meters of one host that do not depend on a request's outcome. */
    static final class OriginMeters {
        final Tags tags;
        final Counter retries;
        final Counter hedges;
        final Counter staleReplays;
        final Counter refusedReplays;
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger queued = new AtomicInteger();

        OriginMeters(MeterRegistry registry, Tags tags) {
            this.tags = tags;
            this.retries = Counter.builder("fanout.client.retries")
                    .description("Requests sent again after a retryable failure or status")
                    .tags(tags)
                    .register(registry);
            this.hedges = Counter.builder("fanout.client.hedges")
                    .description("Hedged copies of slow requests written")
                    .tags(tags)
                    .register(registry);
            this.staleReplays = replays(registry, tags, "stale");
            this.refusedReplays = replays(registry, tags, "refused");
            Gauge.builder("fanout.client.requests.open", open, Number::doubleValue)
                    .description("Requests started and not ended")
                    .tags(tags)
                    .register(registry);
            Gauge.builder("fanout.client.requests.queued", queued, Number::doubleValue)
                    .description("Requests waiting for a slot or a connection")
                    .tags(tags)
                    .register(registry);
        }

        private static Counter replays(MeterRegistry registry, Tags tags, String reason) {
            return Counter.builder("fanout.client.replays")
                    .description("Requests sent again on a fresh connection because the one they met was going away")
                    .tags(tags)
                    .tag("reason", reason)
                    .register(registry);
        }
    }
}
