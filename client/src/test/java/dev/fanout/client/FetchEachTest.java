package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** fetchEach and sendEach: every result handed on as it completes, none kept, the numbers returned. */
class FetchEachTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    @Test
    void eachResultIsHandedOnOnceInCompletionOrderOnTheLoopThread(SlowEndpoints server) {
        try (FanoutClient client = FanoutClient.create()) {
            List<String> urls = List.of(
                    server.delayed(Duration.ofMillis(600)),
                    server.delayed(Duration.ofMillis(10)),
                    "ftp://example.com/not-http",
                    server.delayed(Duration.ofMillis(300)));
            List<Result> seen = new CopyOnWriteArrayList<>();
            List<Boolean> onLoop = new CopyOnWriteArrayList<>();

            long start = System.nanoTime();
            BatchStats stats = client.fetchEach(urls, r -> {
                seen.add(r);
                onLoop.add(client.loop().inLoop());
            });
            Duration wall = Duration.ofNanos(System.nanoTime() - start);

            assertThat(seen).extracting(Result::index).containsExactly(2, 1, 3, 0);
            assertThat(seen.get(0).error().kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
            assertThat(seen.subList(1, 4))
                    .allSatisfy(r -> assertThat(r.ok()).as("%s", r).isTrue());
            assertThat(onLoop).containsOnly(true);
            assertThat(stats.count()).isEqualTo(4);
            // Side by side: about the slowest (600 ms), far less than the sum (910 ms) would be.
            assertThat(stats.wall()).isLessThan(Duration.ofMillis(910));
            assertThat(wall).isGreaterThanOrEqualTo(Duration.ofMillis(600));
            assertThat(stats.overlap()).isGreaterThan(1.4);
        }
    }

    @Test
    void aConsumerThatThrowsLosesNothingElse(SlowEndpoints server) {
        try (FanoutClient client = FanoutClient.create()) {
            List<Integer> seen = new CopyOnWriteArrayList<>();

            BatchStats stats = client.fetchEach(server.delayed(20, Duration.ofMillis(50)), r -> {
                seen.add(r.index());
                throw new IllegalStateException("the consumer's own bug");
            });

            assertThat(seen).hasSize(20).doesNotHaveDuplicates();
            assertThat(stats.count()).isEqualTo(20);
        }
    }

    @Test
    void theBatchKeepsNoResultWhileItRuns(SlowEndpoints server) throws Exception {
        try (FanoutClient client = FanoutClient.create()) {
            List<Request> requests = new ArrayList<>();
            for (String url : server.delayed(50, Duration.ofMillis(10))) {
                requests.add(Request.get(url));
            }
            requests.add(Request.get(server.delayed(Duration.ofSeconds(30)))); // keeps the batch running
            List<WeakReference<Response>> responses = new CopyOnWriteArrayList<>();

            CompletableFuture<BatchStats> stats = client.sendEachAsync(requests, r -> {
                if (r.ok()) {
                    responses.add(new WeakReference<>(r.response()));
                }
            });
            while (responses.size() < 50) {
                Thread.sleep(5);
            }
            for (int i = 0; i < 20 && responses.stream().anyMatch(b -> b.get() != null); i++) {
                System.gc();
                Thread.sleep(50);
            }

            assertThat(stats).isNotDone();
            // A batch of startAll would hold all 50 until its last request ended.
            assertThat(responses).allSatisfy(b -> assertThat(b.get()).isNull());
        }
    }

    @Test
    void sendEachAsyncCompletesWithTheNumbersOnceAllWereHandedOn(SlowEndpoints server) {
        try (FanoutClient client = FanoutClient.create()) {
            List<Request> requests = new ArrayList<>();
            for (String url : server.delayed(10, Duration.ofMillis(100))) {
                requests.add(Request.get(url));
            }
            List<Integer> seen = new CopyOnWriteArrayList<>();

            CompletableFuture<BatchStats> stats = client.sendEachAsync(requests, r -> seen.add(r.index()));

            assertThat(stats.join().count()).isEqualTo(10);
            assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        }
    }

    @Test
    void anInterruptedWaitCancelsTheRestAndHandsThemOn(SlowEndpoints server) throws Exception {
        try (FanoutClient client = FanoutClient.create()) {
            List<Result> seen = new CopyOnWriteArrayList<>();
            AtomicReference<BatchStats> stats = new AtomicReference<>();
            AtomicReference<Boolean> interruptKept = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                stats.set(client.fetchEach(List.of(server.body(1), server.neverAnswers()), seen::add));
                interruptKept.set(Thread.currentThread().isInterrupted());
            });
            waiter.start();
            while (seen.isEmpty()) {
                Thread.sleep(5);
            }

            waiter.interrupt();
            waiter.join(10_000);

            assertThat(stats.get().count()).isEqualTo(2);
            assertThat(seen.get(0).ok()).isTrue();
            assertThat(seen.get(1).error().kind()).isEqualTo(ErrorKind.CANCELLED);
            assertThat(interruptKept.get()).isTrue();
        }
    }

    @Test
    void onAClosedClientEveryRequestIsHandedOnRejected(SlowEndpoints server) {
        FanoutClient client = FanoutClient.create();
        client.close();
        List<Result> seen = new ArrayList<>(); // handed on at once, on this thread

        BatchStats stats = client.fetchEach(List.of(server.body(1), server.body(2)), seen::add);

        assertThat(seen).extracting(r -> r.error().kind()).containsOnly(ErrorKind.REJECTED);
        assertThat(stats.count()).isEqualTo(2);
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void misuseIsRefusedBeforeAnythingIsSent(SlowEndpoints server) {
        try (FanoutClient client = FanoutClient.create()) {
            assertThat(client.fetchEach(List.of(), r -> {}).count()).isZero();
            assertThatThrownBy(() -> client.fetchEach(null, r -> {}))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("urls");
            assertThatThrownBy(() -> client.fetchEach(List.of(server.body(1)), null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("each");
            CompletableFuture<Throwable> onLoop = new CompletableFuture<>();
            client.loop().execute(() -> {
                try {
                    client.sendEach(List.of(Request.get(server.body(1))), r -> {});
                    onLoop.complete(null);
                } catch (RuntimeException e) {
                    onLoop.complete(e);
                }
            });

            assertThat(onLoop.join()).isInstanceOf(IllegalStateException.class).hasMessageContaining("sendEach");
            assertThat(server.requestCount()).isZero();
        }
    }
}
