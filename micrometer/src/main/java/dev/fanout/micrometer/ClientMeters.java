package dev.fanout.micrometer;

import dev.fanout.client.FanoutClient;
import dev.fanout.loop.Cancellable;
import dev.fanout.loop.Loop;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;

/**
 * The gauges of one client's connections and of its loop, and the probe that times the loop's
 * lag: a task scheduled every interval that records how much later than asked it ran (a loop
 * held by a task or busy with I/O runs it late, and every request on the loop waits as long).
 *
 * <p>The connection gauges are per host ({@link OriginGauges}): each probe also looks at the
 * origins the client holds connections to ({@link FanoutClient#originStats()}), registers the
 * gauges of a host that appeared and removes those of a host the client no longer holds any
 * connection to, so a client that reaches many hosts over its life keeps gauges only for the
 * ones it is connected to. {@link #close()} removes every meter and stops the probe; the probe
 * also stops when the loop has ended. Thread-safe.
 */
public final class ClientMeters implements AutoCloseable {

    private final MeterRegistry registry;
    private final Loop loop;
    private final Duration interval;
    private final Timer lag;
    private final List<Meter> meters = new ArrayList<>();
    private final OriginGauges origins;
    private volatile boolean closed;
    private Cancellable probe; // touched on the loop only

    ClientMeters(MeterRegistry registry, Tags common, FanoutClient client, Duration interval) {
        this.registry = registry;
        this.loop = client.loop();
        this.interval = interval;
        Tags tags = common.and("loop", loop.name());
        this.origins = new OriginGauges(registry, tags, client);
        meters.add(FunctionCounter.builder(
                        "fanout.loop.tasks.slow", loop, l -> l.stats().slowTasks())
                .description("Tasks that held the loop thread past its slow-task threshold")
                .tags(tags)
                .register(registry));
        meters.add(
                Gauge.builder("fanout.loop.tasks.pending", loop, l -> l.stats().pendingTasks())
                        .description("Tasks queued on the loop and not started")
                        .tags(tags)
                        .register(registry));
        this.lag = Timer.builder("fanout.loop.lag")
                .description("How late a probe task scheduled on the loop ran")
                .tags(tags)
                .register(registry);
        meters.add(lag);
        origins.refresh();
        schedule();
    }

    private void schedule() {
        long due = System.nanoTime() + interval.toNanos();
        try {
            loop.execute("fanout-micrometer: schedule the lag probe", () -> {
                if (!closed) {
                    probe = loop.schedule("fanout-micrometer: lag probe", () -> ran(due), interval);
                }
            });
        } catch (RejectedExecutionException loopEnded) {
            // the loop is gone: nothing left to probe
        }
    }

    private void ran(long due) {
        probe = null;
        lag.record(Duration.ofNanos(Math.max(0, System.nanoTime() - due)));
        // Off the loop: the counts are read from any thread, while registering and removing
        // meters takes the registry's locks and OriginGauges' own, which close() holds too.
        ForkJoinPool.commonPool().execute(origins::refresh);
        if (!closed) {
            long next = System.nanoTime() + interval.toNanos();
            probe = loop.schedule("fanout-micrometer: lag probe", () -> ran(next), interval);
        }
    }

    /** Removes this client's meters from the registry and stops the probe. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            loop.execute("fanout-micrometer: stop the lag probe", () -> {
                if (probe != null) {
                    probe.cancel();
                    probe = null;
                }
            });
        } catch (RejectedExecutionException loopEnded) {
            // its timers ended with it
        }
        for (Meter m : meters) {
            registry.remove(m);
        }
        origins.close();
    }
}
