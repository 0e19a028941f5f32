package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.loop.Loop;
import dev.fanout.loop.testing.Await;
import dev.fanout.loop.testing.LiveThreads;
import dev.fanout.loop.testing.LogCapture;
import dev.fanout.loop.testing.OpenFiles;
import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One loop thread per client: callbacks run on it, blocking calls refuse to run on it, close ends it. */
class ThreadingTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    @Test
    void fetchAllFromAnOnResultListenerThrowsInsteadOfDeadlocking(SlowEndpoints server) throws Exception {
        try (FanoutClient client = FanoutClient.create()) {
            CompletableFuture<Throwable> thrown = new CompletableFuture<>();
            client.startAll(List.of(Request.get(server.body(1))))
                    .onResult(r -> {
                        try {
                            client.fetchAll(List.of(server.body(2)));
                            thrown.complete(null);
                        } catch (Throwable t) {
                            thrown.complete(t);
                        }
                    })
                    .awaitAll();

            assertThat(thrown.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("fetchAll")
                    .hasMessageContaining("loop thread");
        }
    }

    @Test
    void listenersAndFuturesRunOnTheLoopThread(SlowEndpoints server) {
        try (FanoutClient client = FanoutClient.create()) {
            List<String> threads = new CopyOnWriteArrayList<>();
            // Slow enough that the listener and the stage are in place before anything completes (a
            // stage chained on an already completed future runs on the caller's thread instead).
            Batch batch = client.startAll(server.delayed(2, Duration.ofMillis(300)).stream()
                    .map(Request::get)
                    .toList());
            batch.onResult(r -> threads.add(Thread.currentThread().getName()));
            batch.future()
                    .thenRun(() -> threads.add(Thread.currentThread().getName()))
                    .join();

            assertThat(threads).hasSize(3).containsOnly(client.loop().name());
        }
    }

    @Test
    void closeCancelsWorkInFlightAndLaterCallsAreRejected(SlowEndpoints server) {
        FanoutClient client = FanoutClient.create();
        Batch batch = client.startAll(List.of(Request.get(server.neverAnswers())));

        client.close();

        assertThat(batch.awaitAll().get(0).error().kind()).isEqualTo(ErrorKind.CANCELLED);
        assertThat(client.fetchAll(List.of(server.body(1))).get(0).error().kind())
                .isEqualTo(ErrorKind.REJECTED);
        assertThat(client.loop().thread().isAlive()).isFalse();
        client.close(); // idempotent
    }

    @Test
    void aSharedLoopOutlivesItsClients(SlowEndpoints server) {
        try (Loop loop = Loop.start("shared-loop")) {
            FanoutClient a = FanoutClient.builder().loop(loop).build();
            FanoutClient b = FanoutClient.builder().loop(loop).build();

            assertThat(a.fetchAll(List.of(server.body(1))).get(0).ok()).isTrue();
            a.close();
            assertThat(b.fetchAll(List.of(server.body(1))).get(0).ok()).isTrue();
            b.close();

            assertThat(loop.thread().isAlive()).isTrue();
            assertThat(a.loop()).isSameAs(loop);
        }
    }

    @Test
    void aSlowListenerIsReportedByNameAndOtherTimersStayRight(SlowEndpoints server) {
        List<String> slow = new CopyOnWriteArrayList<>();
        // The loop's warnings about the listener made slow on purpose stay out of the build's output.
        try (LogCapture loopWarnings = LogCapture.of(Loop.class).capturedOnly().start();
                Loop loop = Loop.builder()
                        .name("watched")
                        .onSlowTask(t -> slow.add(t.label()))
                        .start();
                FanoutClient client = FanoutClient.builder().loop(loop).build()) {
            client.startAll(List.of(Request.get(server.body(1))))
                    .onResult(r -> sleep(300))
                    .awaitAll();
            Result timedOut = client.sendAll(List.of(Request.builder(server.neverAnswers())
                            .timeout(Duration.ofMillis(200))
                            .build()))
                    .get(0);

            assertThat(slow).contains("Batch.onResult listener");
            assertThat(loopWarnings.messages()).anyMatch(m -> m.contains("Batch.onResult listener"));
            assertThat(timedOut.error().kind()).isEqualTo(ErrorKind.TIMEOUT);
            assertThat(timedOut.elapsed()).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void manyClientsCreatedUsedAndClosedLeaveNoThreadsOrFileDescriptors(SlowEndpoints server) throws Exception {
        String url = server.body(1);
        FanoutClient.create().close(); // the first one loads classes and opens the jars
        int threadsBefore = threadsOutsideTheServer();
        long fdsBefore = OpenFiles.count();
        for (int i = 0; i < 1000; i++) {
            try (FanoutClient client = FanoutClient.create()) {
                if (i % 20 == 0) {
                    assertThat(client.fetchAll(List.of(url)).get(0).ok()).isTrue();
                }
            }
        }
        assertThat(Await.value(ThreadingTest::threadsOutsideTheServer, n -> n <= threadsBefore + 2))
                .isLessThanOrEqualTo(threadsBefore + 2);
        // The server keeps its side of closed connections only briefly; allow a few.
        assertThat(Await.value(OpenFiles::count, n -> n <= fdsBefore + 10)).isLessThanOrEqualTo(fdsBefore + 10);
    }

    private static int threadsOutsideTheServer() {
        return LiveThreads.count(LiveThreads::outsideTheTestServer);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void clientsOnTwoLoopsMayStartBatchesFromEachOthersCallbacks(SlowEndpoints server) throws Exception {
        try (FanoutClient a = FanoutClient.create();
                FanoutClient b = FanoutClient.create()) {
            CompletableFuture<Result> fromA = new CompletableFuture<>();
            CompletableFuture<Result> fromB = new CompletableFuture<>();
            a.startAll(List.of(Request.get(server.body(1))))
                    .onResult(r -> b.send(Request.get(server.body(2))).thenAccept(fromA::complete));
            b.startAll(List.of(Request.get(server.body(3))))
                    .onResult(r -> a.send(Request.get(server.body(4))).thenAccept(fromB::complete));

            assertThat(fromA.get(5, TimeUnit.SECONDS).ok()).isTrue();
            assertThat(fromB.get(5, TimeUnit.SECONDS).ok()).isTrue();
        }
    }
}
