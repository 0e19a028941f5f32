package dev.fanout.micrometer;

import dev.fanout.client.FanoutClient;
import dev.fanout.client.OriginStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * One client's gauges of connections per host: {@code fanout.client.connections.active} and
 * {@code fanout.client.connections.idle}, tagged {@code client.name} with the host, as the
 * request meters are (so a host's origins, http and https or several ports, add up under one
 * tag). {@link #refresh()} registers the gauges of hosts the client has just connected to and
 * removes those of hosts it holds no connection to any more; each gauge reads the client's
 * counts when it is read, not when it was refreshed. Thread-safe: refreshed on the loop thread
 * by the lag probe, closed on any.
 */
final class OriginGauges {

    private final MeterRegistry registry;
    private final Tags tags;
    private final FanoutClient client;
    private final Map<String, Host> hosts = new HashMap<>(); // guarded by this
    private boolean closed; // guarded by this

    OriginGauges(MeterRegistry registry, Tags tags, FanoutClient client) {
        this.registry = registry;
        this.tags = tags;
        this.client = client;
    }

    /** The gauges of one host, and the origins of it the client held connections to at the last refresh. */
    private final class Host {
        volatile Set<String> origins = Set.of();
        final Gauge active;
        final Gauge idle;

        Host(String host) {
            Tags hostTags = tags.and("client.name", host);
            this.active = Gauge.builder(
                            "fanout.client.connections.active", this, h -> h.sum(OriginStats::activeConnections))
                    .description("Connections open or being set up to the host that are not idle in the pool")
                    .tags(hostTags)
                    .register(registry);
            this.idle = Gauge.builder("fanout.client.connections.idle", this, h -> h.sum(OriginStats::idleConnections))
                    .description("Open connections to the host pooled with nothing on them")
                    .tags(hostTags)
                    .register(registry);
        }

        double sum(ToIntFunction<OriginStats> count) {
            int n = 0;
            for (String origin : origins) {
                n += Math.max(0, count.applyAsInt(client.stats(origin)));
            }
            return n;
        }
    }

    /** Registers the gauges of hosts that appeared and removes those of hosts gone. */
    synchronized void refresh() {
        if (closed) {
            return;
        }
        Map<String, Set<String>> now = new HashMap<>();
        List<OriginStats> stats = client.originStats();
        for (OriginStats s : stats) {
            now.computeIfAbsent(RequestMeters.hostOf(s.origin()), h -> new HashSet<>())
                    .add(s.origin());
        }
        hosts.entrySet().removeIf(e -> {
            if (now.containsKey(e.getKey())) {
                return false;
            }
            remove(e.getValue());
            return true;
        });
        now.forEach((host, origins) -> hosts.computeIfAbsent(host, Host::new).origins = Set.copyOf(origins));
    }

    /** Removes every host's gauges; later refreshes do nothing. */
    synchronized void close() {
        closed = true;
        hosts.values().forEach(this::remove);
        hosts.clear();
    }

    private void remove(Host h) {
        registry.remove(h.active);
        registry.remove(h.idle);
    }
}
