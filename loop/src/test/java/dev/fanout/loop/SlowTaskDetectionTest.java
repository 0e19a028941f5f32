package dev.fanout.loop;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.fanout.loop.testing.Await;
import dev.fanout.loop.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A task that holds the loop past the threshold is reported and logged, by its label, once it ends. */
class SlowTaskDetectionTest {

    // Tasks reported once they ended: the watchdog's reports of tasks still running are left out here.
    private final List<SlowTask> reported = new CopyOnWriteArrayList<>();

    // The warnings these tests provoke on purpose stay out of the build's output.
    @RegisterExtension
    final LogCapture logged = LogCapture.of(Loop.class).capturedOnly();

    private Loop loop;

    @BeforeEach
    void start() {
        loop = Loop.builder()
                .name("slow-task-loop")
                .slowTaskThreshold(Duration.ofMillis(50))
                .onSlowTask(this::onSlowTask)
                .start();
    }

    @AfterEach
    void stop() {
        loop.close();
    }

    @Test
    void aTaskThatHoldsTheLoopPastTheThresholdIsReportedOnceByLabel() throws Exception {
        loop.execute("parse the giant response", () -> sleep(120));
        settle();

        assertThat(reported).singleElement().satisfies(slow -> {
            assertThat(slow.loopName()).isEqualTo("slow-task-loop");
            assertThat(slow.label()).isEqualTo("parse the giant response");
            assertThat(slow.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(120));
        });
        assertThat(warnings())
                .singleElement()
                .asString()
                .contains("slow-task-loop", "parse the giant response", "threshold 50 ms");
        assertThat(loop.stats().slowTasks()).isEqualTo(1);
        assertThat(loop.stats().longestTask()).isGreaterThanOrEqualTo(Duration.ofMillis(120));
    }

    @Test
    void fastTasksAreNotReported() throws Exception {
        for (int i = 0; i < 1_000; i++) {
            loop.execute("fast", () -> {});
        }
        settle();

        assertThat(reported).isEmpty();
        assertThat(warnings()).isEmpty();
        assertThat(loop.stats().slowTasks()).isZero();
        assertThat(loop.stats().tasksRun()).isGreaterThanOrEqualTo(1_000);
    }

    @Test
    void anUnlabelledTaskIsNamedByItsClass() throws Exception {
        loop.execute(new BlockingWork());
        settle();

        assertThat(reported).singleElement().extracting(SlowTask::label).isEqualTo(BlockingWork.class.getName());
    }

    @Test
    void aLambdaIsNamedByTheClassThatWroteIt() throws Exception {
        loop.execute(() -> sleep(80));
        settle();

        assertThat(reported)
                .singleElement()
                .extracting(SlowTask::label)
                .isEqualTo(SlowTaskDetectionTest.class.getName() + " (lambda)");
    }

    @Test
    void aSlowSubmittedCallableIsNamedByItsOwnClass() throws Exception {
        loop.submit(new SlowAnswer()).get(10, TimeUnit.SECONDS);
        settle();

        assertThat(reported).singleElement().extracting(SlowTask::label).isEqualTo(SlowAnswer.class.getName());
    }

    @Test
    void slowTimersAndRunNowCallbacksAreReportedToo() throws Exception {
        loop.schedule("slow timer", () -> sleep(80), Duration.ofMillis(1));
        loop.execute(() -> loop.runNow("user callback onResult", () -> sleep(80)));
        Await.until("three slow-task reports", () -> reported.size() >= 3);

        // The task that called runNow was slow too, through its callback: it is reported as well.
        assertThat(reported)
                .extracting(SlowTask::label)
                .contains("slow timer", "user callback onResult")
                .hasSize(3);
    }

    @Test
    void aZeroThresholdTurnsReportingOff() throws Exception {
        try (Loop quiet = Loop.builder()
                .name("quiet-loop")
                .slowTaskThreshold(Duration.ZERO)
                .onSlowTask(this::onSlowTask)
                .start()) {
            quiet.execute("slow but unwatched", () -> sleep(80));
            quiet.submit(() -> null).get(10, TimeUnit.SECONDS);

            assertThat(reported).isEmpty();
            assertThat(quiet.stats().slowTasks()).isZero();
            assertThat(quiet.stats().longestTask()).isGreaterThanOrEqualTo(Duration.ofMillis(80));
        }
    }

    private void onSlowTask(SlowTask slow) {
        if (slow.finished()) {
            reported.add(slow);
        }
    }

    /** The warnings written as tasks ended (the watchdog's, about tasks still running, say "so far"). */
    private List<ILoggingEvent> warnings() {
        return logged.at(Level.WARN).stream()
                .filter(e -> !e.getFormattedMessage().contains("so far"))
                .toList();
    }

    /** Waits until every task offered so far has run. */
    private void settle() throws Exception {
        loop.submit(() -> null).get(10, TimeUnit.SECONDS);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class SlowAnswer implements Callable<Integer> {
        @Override
        public Integer call() {
            sleep(80);
            return 42;
        }
    }

    private static final class BlockingWork implements Runnable {
        @Override
        public void run() {
            sleep(80);
        }
    }
}
