package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.loop.testing.LiveThreads;
import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Start all, then await all: a batch takes about as long as its slowest request, on one thread. */
class FanOutTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    @Test
    void aThousandSlowRequestsRunSideBySideUpToTheLimit(SlowEndpoints server) {
        Duration delay = Duration.ofMillis(250);
        try (FanoutClient client =
                FanoutClient.builder().maxConnectionsPerHost(100).build()) {
            long start = System.nanoTime();
            List<Result> results = client.fetchAll(server.delayed(1_000, delay));
            Duration wall = Duration.ofNanos(System.nanoTime() - start);

            assertThat(results).allSatisfy(r -> assertThat(r.ok()).as("%s", r).isTrue());
            assertThat(server.peakInFlight()).isEqualTo(100);
            // Sequentially: 1,000 x 250 ms = 250 s. In ten waves of 100: about 2.5 s.
            assertThat(wall)
                    .as("wall time; arrivals over %d ms", server.arrivalSpread().toMillis())
                    .isLessThan(delay.multipliedBy(1_000).dividedBy(20));
        }
    }

    @Test
    void liveThreadsDoNotGrowDuringAThousandRequestBatch(SlowEndpoints server) throws Exception {
        try (FanoutClient client = FanoutClient.create()) {
            client.fetchAll(List.of(server.body(1))); // the client's one loop thread is up
            int before = threadsOutsideTheServer();
            AtomicInteger peak = new AtomicInteger();

            CompletableFuture<List<Result>> batch = client.fetchAllAsync(server.delayed(1_000, Duration.ofSeconds(3)));
            while (!batch.isDone()) {
                peak.accumulateAndGet(threadsOutsideTheServer(), Math::max);
                Thread.sleep(10);
            }

            assertThat(batch.join()).allSatisfy(r -> assertThat(r.ok()).isTrue());
            assertThat(server.peakInFlight()).isEqualTo(1_000);
            // One thread per request would be 1,000 more; the client adds none. A couple of JVM
            // housekeeping threads may come and go.
            assertThat(peak.get() - before).isLessThanOrEqualTo(2);
        }
    }

    private static int threadsOutsideTheServer() {
        return LiveThreads.count(LiveThreads::outsideTheTestServer);
    }

    @Test
    void aClientAddsOneThreadNamedAfterItsLoopAndCloseEndsIt() {
        Thread loopThread;
        try (FanoutClient client = FanoutClient.create()) {
            loopThread = client.loop().thread();
            assertThat(loopThread.getName()).matches("fanout-loop-\\d+");
            assertThat(loopThread.isAlive()).isTrue();
        }
        assertThat(loopThread.isAlive()).isFalse();
    }

    @Test
    void statsShowTheOverlap(SlowEndpoints server) {
        try (FanoutClient client = FanoutClient.create()) {
            Batch batch = client.startAll(server.delayed(50, Duration.ofMillis(200)).stream()
                    .map(Request::get)
                    .toList());
            batch.awaitAll();

            BatchStats stats = batch.stats();
            assertThat(stats.count()).isEqualTo(50);
            assertThat(stats.overlap()).isGreaterThan(10);
            assertThat(stats.percentile(50)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
            assertThat(stats.wall()).isLessThan(Duration.ofMillis(200 * 50 / 5));
        }
    }
}
