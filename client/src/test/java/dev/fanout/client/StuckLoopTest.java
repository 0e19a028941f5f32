package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.fanout.loop.Loop;
import dev.fanout.loop.testing.Await;
import dev.fanout.loop.testing.LogCapture;
import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A listener that blocks the loop (against the rules) does not take the callers' deadlines with
 * it: awaitAll(deadline), close() and startAll return while the loop is still held, and the loop
 * catches up, consistently, once it is free.
 */
class StuckLoopTest {

    /** Far longer than any deadline below: a call that waits for the loop would wait this long. */
    private static final long BLOCK_SECONDS = 60;

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    // The warnings these tests provoke on purpose stay out of the build's output.
    @RegisterExtension
    final LogCapture logged = LogCapture.of(FanoutClient.class).capturedOnly();

    @RegisterExtension
    final LogCapture loopWarnings = LogCapture.of(Loop.class).capturedOnly();

    @AfterEach
    void releaseTheLoop() {
        release.countDown();
    }

    /** The user's mistake: a listener that waits, on the loop thread, for something that takes long. */
    private void blockOnce(Result r) {
        if (entered.getCount() > 0) {
            entered.countDown();
            try {
                release.await(BLOCK_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static List<Request> oneFastThenSlow(SlowEndpoints server, int slow) {
        List<Request> requests = new ArrayList<>();
        requests.add(Request.get(server.delayed(Duration.ofMillis(10))));
        for (int i = 0; i < slow; i++) {
            requests.add(Request.get(server.neverAnswers()));
        }
        return requests;
    }

    @Test
    void theDeadlineHoldsWhileAListenerBlocksTheLoop(SlowEndpoints server) throws Exception {
        try (FanoutClient client =
                FanoutClient.builder().handoffTimeout(Duration.ofMillis(500)).build()) {
            Batch batch = client.startAll(oneFastThenSlow(server, 3)).onResult(this::blockOnce);
            Await.latch("the listener entered", entered);

            CompletableFuture<List<Result>> awaited =
                    CompletableFuture.supplyAsync(() -> batch.awaitAll(Duration.ofSeconds(1)));
            List<Result> results = awaited.get(BLOCK_SECONDS / 2, TimeUnit.SECONDS);

            assertThat(release.getCount())
                    .as("returned while the loop was still held")
                    .isEqualTo(1);
            assertThat(results.get(0).ok()).isTrue();
            assertThat(results.subList(1, 4)).allSatisfy(r -> {
                assertThat(r.error().kind()).isEqualTo(ErrorKind.TIMEOUT);
                assertThat(r.error().getMessage()).contains("batch deadline");
                assertThat(r.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            });
            assertThat(batch.stats().count()).isEqualTo(4);

            release.countDown();
            List<Result> seenByTheFuture = batch.future().get(10, TimeUnit.SECONDS);
            List<Result> seenByALateListener = new ArrayList<>();
            batch.onResult(seenByALateListener::add);
            client.loop().submit(() -> null).get(10, TimeUnit.SECONDS);

            for (int i = 0; i < results.size(); i++) {
                assertThat(seenByTheFuture.get(i)).isSameAs(results.get(i));
            }
            assertThat(seenByALateListener).containsExactlyInAnyOrderElementsOf(results);
        }
    }

    @Test
    void closeReturnsWhileTheLoopIsHeldAndTheLoopEndsOnceItIsFree(SlowEndpoints server) throws Exception {
        FanoutClient client =
                FanoutClient.builder().handoffTimeout(Duration.ofMillis(300)).build();
        Batch batch = client.startAll(oneFastThenSlow(server, 2)).onResult(this::blockOnce);
        Await.latch("the listener entered", entered);

        CompletableFuture.runAsync(client::close).get(BLOCK_SECONDS / 2, TimeUnit.SECONDS);
        CompletableFuture.runAsync(client::close).get(BLOCK_SECONDS / 2, TimeUnit.SECONDS);

        assertThat(release.getCount())
                .as("returned while the loop was still held")
                .isEqualTo(1);
        assertThat(client.loop().thread().isAlive()).isTrue();
        List<String> warnings = warnings();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0))
                .contains(
                        "close()",
                        "held by task 'Batch.onResult listener'",
                        "the 2 requests still open end CANCELLED",
                        "the loop's thread ends");

        release.countDown();
        client.loop().thread().join(TimeUnit.SECONDS.toMillis(10));
        assertThat(client.loop().thread().isAlive()).isFalse();
        List<Result> results = batch.future().get(10, TimeUnit.SECONDS);
        assertThat(results.get(0).ok()).isTrue();
        assertThat(results.subList(1, 3))
                .allSatisfy(r -> assertThat(r.error().kind()).isEqualTo(ErrorKind.CANCELLED));
    }

    @Test
    void startAllReturnsWhileTheLoopIsHeldAndTheBatchRunsOnceItIsFree(SlowEndpoints server) throws Exception {
        try (Loop loop = Loop.start("stuck-loop-test");
                FanoutClient client = FanoutClient.builder()
                        .loop(loop)
                        .handoffTimeout(Duration.ofMillis(300))
                        .build()) {
            loop.execute("a task that blocks", () -> blockOnce(null));
            Await.latch("the listener entered", entered);

            Batch batch = CompletableFuture.supplyAsync(() -> client.startAll(
                            List.of(Request.get(server.delayed(Duration.ofMillis(10))), Request.get("no scheme"))))
                    .get(BLOCK_SECONDS / 2, TimeUnit.SECONDS);

            assertThat(release.getCount())
                    .as("returned while the loop was still held")
                    .isEqualTo(1);
            assertThat(batch.future()).isNotDone();
            assertThat(warnings())
                    .singleElement()
                    .asString()
                    .contains("startAll(2)", "held by task 'a task that blocks'", "when the loop is free");

            release.countDown();
            List<Result> results = batch.awaitAll(Duration.ofSeconds(10));
            assertThat(results.get(0).ok()).isTrue();
            assertThat(results.get(1).error().kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        }
    }

    @Test
    void aDeadlinePassedBeforeTheLoopTookTheBatchKeepsTheInvalidRequestsResult(SlowEndpoints server) throws Exception {
        try (Loop loop = Loop.start("stuck-loop-test");
                FanoutClient client = FanoutClient.builder()
                        .loop(loop)
                        .handoffTimeout(Duration.ofMillis(100))
                        .build()) {
            loop.execute("a task that blocks", () -> blockOnce(null));
            Await.latch("the listener entered", entered);
            Batch batch = client.startAll(List.of(Request.get(server.neverAnswers()), Request.get("no scheme")));

            List<Result> results = batch.awaitAll(Duration.ofMillis(200));

            assertThat(results.get(0).error().kind()).isEqualTo(ErrorKind.TIMEOUT);
            assertThat(results.get(1).error().kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
            release.countDown();
            assertThat(batch.future().get(10, TimeUnit.SECONDS)).containsExactlyElementsOf(results);
        }
    }

    private List<String> warnings() {
        return logged.at(Level.WARN).stream()
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
