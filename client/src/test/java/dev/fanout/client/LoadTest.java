package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.loop.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * Large batches behind a small per-host limit, against a lean loopback server
 * ({@link CapacityServer}, which serves everything it gets within a millisecond): ten thousand
 * URLs through fifty connections all succeed, and a hundred thousand queued requests each end
 * exactly once when the client is closed halfway, with nothing left open.
 */
class LoadTest {

    private static List<Request> requests(String origin, int n) {
        List<Request> requests = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            requests.add(Request.get(origin + "/item/" + i));
        }
        return requests;
    }

    @Test
    void tenThousandUrlsToOneHostThroughFiftyConnectionsAllSucceed() {
        try (CapacityServer server = CapacityServer.queueing(1000, 1);
                FanoutClient client =
                        FanoutClient.builder().maxConnectionsPerHost(50).build()) {
            List<Result> results = client.sendAll(requests(server.origin(), 10_000));

            assertThat(results)
                    .allSatisfy(
                            r -> assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue());
            assertThat(server.requests()).isEqualTo(10_000);
            assertThat(server.peakConnections()).isLessThanOrEqualTo(50);
        }
    }

    @Test
    void aHundredThousandQueuedRequestsEachEndOnceWhenTheClientClosesHalfway() throws Exception {
        int n = 100_000;
        try (CapacityServer server = CapacityServer.queueing(1000, 1)) {
            FanoutClient client =
                    FanoutClient.builder().maxConnectionsPerHost(50).build();
            AtomicIntegerArray endings = new AtomicIntegerArray(n);
            CountDownLatch half = new CountDownLatch(n / 2);
            Batch batch = client.startAll(requests(server.origin(), n));
            batch.onResult(r -> {
                endings.incrementAndGet(r.index());
                half.countDown();
            });
            assertThat(half.await(60, TimeUnit.SECONDS)).isTrue();
            client.close();
            List<Result> results = batch.awaitAll(Duration.ofSeconds(60));

            Map<ErrorKind, Integer> kinds = new EnumMap<>(ErrorKind.class);
            int ok = 0;
            for (int i = 0; i < n; i++) {
                Result r = results.get(i);
                assertThat(r.index()).isEqualTo(i);
                assertThat(endings.get(i))
                        .as("listener calls for request %d", i)
                        .isEqualTo(1);
                if (r.ok()) {
                    ok++;
                } else {
                    kinds.merge(r.error().kind(), 1, Integer::sum);
                }
            }
            assertThat(ok).isGreaterThanOrEqualTo(n / 2);
            assertThat(kinds.keySet()).as("every failure is the close's").containsOnly(ErrorKind.CANCELLED);
            assertThat(ok + kinds.getOrDefault(ErrorKind.CANCELLED, 0)).isEqualTo(n);
            assertThat(Await.value(server::openConnections, c -> c == 0))
                    .as("connections left open at the server")
                    .isZero();
        }
    }

    @Test
    void aHundredThousandQueuedRequestsCostHeapByTheRequestNotByConnections() throws Exception {
        int n = 100_000;
        try (CapacityServer server = CapacityServer.queueing(1, 600_000); // holds the one it serves
                FanoutClient client =
                        FanoutClient.builder().maxConnectionsPerHost(1).build()) {
            List<Request> requests = requests(server.origin(), n);
            long before = usedHeapAfterGc();
            Batch batch = client.startAll(requests); // returns once every request is started or queued
            long queued = usedHeapAfterGc();
            long perRequest = (queued - before) / n;
            // About 700 bytes here (the call, its spec and its slot); a connection would cost far more.
            assertThat(perRequest).as("bytes of heap per queued request").isLessThan(4096);
            assertThat(server.peakConnections()).isEqualTo(1);
            batch.cancel();
            assertThat(batch.awaitAll(Duration.ofSeconds(60)))
                    .allSatisfy(r -> assertThat(r.error().kind()).isEqualTo(ErrorKind.CANCELLED));
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }
}
