package dev.fanout.loop;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import dev.fanout.loop.testing.Await;
import dev.fanout.loop.testing.LiveThreads;
import dev.fanout.loop.testing.LogCapture;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fanout-watchdog thread: warns about a task while it is stuck, and lives exactly as long as the loops it watches. */
class WatchdogTest {

    private static final Duration THRESHOLD = Duration.ofMillis(50);

    private final List<SlowTask> reported = new CopyOnWriteArrayList<>();

    // The warnings these tests provoke on purpose stay out of the build's output.
    @RegisterExtension
    final LogCapture logged = LogCapture.of(Loop.class).capturedOnly();

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void release() {
        release.countDown();
    }

    @Test
    void aStuckTaskIsReportedWhileItRunsWithItsLabelAndStackAtGrowingIntervals() throws Exception {
        try (Loop loop = watchedLoop("stuck-loop")) {
            loop.execute("wait for the release", this::holdUntilReleased);
            Await.until("three stuck-task reports", () -> stuck().size() >= 3);

            List<SlowTask> stuck = stuck().subList(0, 3);
            assertThat(stuck).allSatisfy(s -> {
                assertThat(s.loopName()).isEqualTo("stuck-loop");
                assertThat(s.label()).isEqualTo("wait for the release");
                assertThat(s.finished()).isFalse();
            });
            // Warned at 1x, 2x and 4x the threshold, not once per poll.
            assertThat(stuck.get(0).duration()).isGreaterThanOrEqualTo(THRESHOLD);
            assertThat(stuck.get(1).duration()).isGreaterThanOrEqualTo(THRESHOLD.multipliedBy(2));
            assertThat(stuck.get(2).duration()).isGreaterThanOrEqualTo(THRESHOLD.multipliedBy(4));
            assertThat(finished()).isEmpty();

            ILoggingEvent warning = stuckWarnings().get(0);
            assertThat(warning.getFormattedMessage())
                    .contains("stuck-loop", "wait for the release", "so far", "threshold 50 ms");
            assertThat(frames(warning.getThrowableProxy()))
                    .anyMatch(f -> f.contains("WatchdogTest.holdUntilReleased"))
                    .anyMatch(f -> f.contains("CountDownLatch.await"));

            release.countDown();
            Await.until("the stuck task's end reported", () -> !finished().isEmpty());
            assertThat(finished()).singleElement().satisfies(s -> {
                assertThat(s.label()).isEqualTo("wait for the release");
                assertThat(s.duration()).isGreaterThanOrEqualTo(stuck.get(2).duration());
            });
            assertThat(endWarnings()).singleElement().asString().contains("wait for the release");
        }
    }

    @Test
    void anIdleLoopAndFastTasksGetNoWatchdogWarning() throws Exception {
        // A threshold that a busy machine's scheduling hiccups stay under: this test is about what runs.
        Duration threshold = Duration.ofMillis(200);
        try (Loop loop = Loop.builder()
                .name("idle-loop")
                .slowTaskThreshold(threshold)
                .onSlowTask(reported::add)
                .start()) {
            Thread.sleep(threshold.multipliedBy(3).toMillis()); // idle through many of the watchdog's polls
            for (int i = 0; i < 10_000; i++) {
                loop.execute("fast", () -> {});
            }
            loop.submit(() -> null).get(10, TimeUnit.SECONDS);
            Thread.sleep(threshold.multipliedBy(3).toMillis());

            assertThat(reported).isEmpty();
            assertThat(logged.at(Level.WARN)).isEmpty();
        }
    }

    @Test
    void aLoopWithAZeroThresholdIsNotWatched() throws Exception {
        awaitNoWatchdog();
        try (Loop loop = Loop.builder()
                .name("unwatched-loop")
                .slowTaskThreshold(Duration.ZERO)
                .onSlowTask(reported::add)
                .start()) {
            loop.execute("stuck but unwatched", this::holdUntilReleased);

            assertThat(watchdogThreads()).isEmpty();
            Thread.sleep(THRESHOLD.multipliedBy(4).toMillis());
            assertThat(loop.runningTask()).map(SlowTask::label).hasValue("stuck but unwatched");
            assertThat(reported).isEmpty();
            assertThat(logged.at(Level.WARN)).isEmpty();
            release.countDown();
        }
    }

    @Test
    void twoLoopsShareOneWatchdogThreadWhichEndsWithTheLastLoop() throws Exception {
        awaitNoWatchdog();
        Loop first = watchedLoop("first-watched-loop");
        List<Thread> watchdogs = watchdogThreads();
        assertThat(watchdogs).hasSize(1);
        assertThat(watchdogs.get(0).isDaemon()).isTrue();

        try (Loop second = Loop.builder()
                .name("second-watched-loop")
                .slowTaskThreshold(Duration.ofSeconds(1))
                .start()) {
            assertThat(second.thread()).isNotSameAs(first.thread());
            assertThat(watchdogThreads()).isEqualTo(watchdogs);
            first.close();
            assertThat(watchdogThreads()).isEqualTo(watchdogs); // the second loop is still watched
        }

        assertThat(watchdogThreads()).isEmpty();
        assertThat(watchdogs.get(0).isAlive()).isFalse();
    }

    @Test
    void aLoopClosedFromItsOwnThreadIsLetGoOnceItsThreadHasEnded() throws Exception {
        Loop loop = watchedLoop("self-closed-watched-loop");
        assertThat(watchdogThreads()).hasSize(1);

        loop.execute(loop::close);
        loop.thread().join(TimeUnit.SECONDS.toMillis(10));

        Await.until("the watchdog thread ended", () -> watchdogThreads().isEmpty());
    }

    @Test
    void warningsComeAtDoublingTimesAMinuteApartAtMost() {
        long ms = 1_000_000;
        assertThat(Watchdog.nextWarning(50 * ms, 50 * ms, 50 * ms)).isEqualTo(100 * ms);
        assertThat(Watchdog.nextWarning(100 * ms, 120 * ms, 50 * ms)).isEqualTo(200 * ms);
        // A late look skips the warnings it missed instead of making up for them.
        assertThat(Watchdog.nextWarning(50 * ms, 230 * ms, 50 * ms)).isEqualTo(400 * ms);
        assertThat(Watchdog.nextWarning(102_400 * ms, 102_400 * ms, 100 * ms)).isEqualTo(162_400 * ms);
        // A threshold over a minute keeps its own spacing.
        assertThat(Watchdog.nextWarning(120_000 * ms, 120_000 * ms, 120_000 * ms))
                .isEqualTo(240_000 * ms);
    }

    private Loop watchedLoop(String name) {
        return Loop.builder()
                .name(name)
                .slowTaskThreshold(THRESHOLD)
                .onSlowTask(reported::add)
                .start();
    }

    /** The blocking frame the stack of a stuck warning must show. */
    private void holdUntilReleased() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<SlowTask> stuck() {
        return reported.stream().filter(s -> !s.finished()).toList();
    }

    private List<SlowTask> finished() {
        return reported.stream().filter(SlowTask::finished).toList();
    }

    private List<ILoggingEvent> stuckWarnings() {
        return logged.at(Level.WARN).stream()
                .filter(e ->
                        e.getThrowableProxy() != null && e.getFormattedMessage().contains("so far"))
                .toList();
    }

    private List<ILoggingEvent> endWarnings() {
        return logged.at(Level.WARN).stream()
                .filter(e -> !e.getFormattedMessage().contains("so far"))
                .toList();
    }

    private static List<String> frames(IThrowableProxy proxy) {
        assertThat(proxy).isNotNull();
        return Arrays.stream(proxy.getStackTraceElementProxyArray())
                .map(StackTraceElementProxy::getSTEAsString)
                .toList();
    }

    static List<Thread> watchdogThreads() {
        return LiveThreads.named(Loop.WATCHDOG_THREAD_NAME);
    }

    /** Waits until no watchdog is left from the tests before (one closed on its loop's thread ends a poll later). */
    private static void awaitNoWatchdog() throws InterruptedException {
        Await.until(
                "the watchdog threads of earlier tests ended",
                () -> watchdogThreads().isEmpty());
    }
}
