package dev.fanout.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.loop.testing.Await;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Loop.runningTask(): what the loop thread runs now, and for how long so far. */
class RunningTaskTest {

    @Test
    void anIdleLoopRunsNothing() throws Exception {
        try (Loop loop = Loop.start("idle-running-loop")) {
            loop.submit(() -> null).get(10, TimeUnit.SECONDS);

            assertThat(awaitIdle(loop)).isEmpty();
        }
    }

    @Test
    void aRunningTaskIsNamedWithItsTimeSoFarAndIsGoneOnceItReturns() throws Exception {
        try (Loop loop = Loop.start("busy-running-loop")) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            loop.execute("wait for the test", () -> {
                started.countDown();
                await(release);
            });
            Await.latch("the task started", started);

            SlowTask first = loop.runningTask().orElseThrow();
            Thread.sleep(20);
            SlowTask later = loop.runningTask().orElseThrow();

            assertThat(first.loopName()).isEqualTo("busy-running-loop");
            assertThat(first.label()).isEqualTo("wait for the test");
            assertThat(first.finished()).isFalse();
            assertThat(later.duration()).isGreaterThan(first.duration());

            release.countDown();
            assertThat(awaitIdle(loop)).isEmpty();
        }
    }

    @Test
    void underRunNowTheInnerTaskRunsAndThenTheOuterOneAgain() throws Exception {
        try (Loop loop = Loop.start("nested-running-loop")) {
            CompletableFuture<Optional<SlowTask>> inner = new CompletableFuture<>();
            CompletableFuture<Optional<SlowTask>> outerAfter = new CompletableFuture<>();
            loop.execute("outer task", () -> {
                loop.runNow("user callback", () -> inner.complete(loop.runningTask()));
                outerAfter.complete(loop.runningTask());
            });

            assertThat(inner.get(10, TimeUnit.SECONDS)).map(SlowTask::label).hasValue("user callback");
            assertThat(outerAfter.get(10, TimeUnit.SECONDS))
                    .map(SlowTask::label)
                    .hasValue("outer task");
        }
    }

    @Test
    void aSubmittedTaskMayBeLabelled() throws Exception {
        try (Loop loop = Loop.start("labelled-submit-loop")) {
            Optional<SlowTask> seen =
                    loop.submit("answer the question", loop::runningTask).get(10, TimeUnit.SECONDS);

            assertThat(seen).map(SlowTask::label).hasValue("answer the question");
        }
    }

    @Test
    void aSlowTaskMadeWithThreeComponentsHasFinished() {
        assertThat(new SlowTask("l", "t", Duration.ofMillis(1)).finished()).isTrue();
    }

    /** Returns what the loop runs once it is idle, or after ten seconds (a submit's future completes inside its task). */
    private static Optional<SlowTask> awaitIdle(Loop loop) throws InterruptedException {
        return Await.value(loop::runningTask, Optional::isEmpty);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
