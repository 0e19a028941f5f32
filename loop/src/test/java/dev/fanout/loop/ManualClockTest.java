package dev.fanout.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ManualClockTest {

    private final ManualClock clock = new ManualClock();
    private final Loop loop =
            Loop.builder().name("manual-clock-loop").clock(clock).start();
    private final long start = clock.nanoTime();

    @AfterEach
    void close() {
        loop.close();
    }

    private long elapsed() {
        return loop.nanoTime() - start;
    }

    @Test
    void theLoopKeepsTheClockItWasBuiltWith() {
        assertThat(loop.clock()).isSameAs(clock);
    }

    @Test
    void timeMovesOnlyWhenAdvanced() {
        long spinUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        while (System.nanoTime() - spinUntil < 0) {
            Thread.onSpinWait(); // real time passes...
        }
        assertThat(elapsed()).as("...the manual clock's does not").isZero();

        clock.advance(Duration.ofSeconds(5));

        assertThat(elapsed()).isEqualTo(Duration.ofSeconds(5).toNanos());
        assertThat(clock.nanoTime()).isEqualTo(loop.nanoTime());
    }

    @Test
    void aTimerFiresOnlyOnceTheClockPassesItsDeadline() {
        List<Long> firedAt = new CopyOnWriteArrayList<>();
        loop.schedule(() -> firedAt.add(elapsed()), Duration.ofSeconds(30));

        clock.advance(Duration.ofSeconds(29));
        assertThat(firedAt).isEmpty();

        clock.advance(Duration.ofMillis(999));
        assertThat(firedAt).isEmpty();

        clock.advance(Duration.ofMillis(1));
        assertThat(firedAt).containsExactly(Duration.ofSeconds(30).toNanos());
    }

    @Test
    void timersFireOnTheLoopThreadBeforeAdvanceReturns() {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        loop.schedule(() -> ranOn.set(Thread.currentThread()), Duration.ofMillis(10));

        clock.advance(Duration.ofMillis(10));

        assertThat(ranOn.get()).isSameAs(loop.thread());
    }

    @Test
    void timersFireInDeadlineOrderEachAtItsOwnDeadline() {
        List<String> fired = new CopyOnWriteArrayList<>();
        for (int seconds : new int[] {50, 10, 40, 20, 30}) {
            loop.schedule(
                    () -> fired.add(seconds + "s at " + elapsed() / 1_000_000_000 + "s"), Duration.ofSeconds(seconds));
        }

        clock.advance(Duration.ofMinutes(1));

        assertThat(fired).containsExactly("10s at 10s", "20s at 20s", "30s at 30s", "40s at 40s", "50s at 50s");
        assertThat(elapsed())
                .as("the time ends at the end of the advance")
                .isEqualTo(Duration.ofMinutes(1).toNanos());
    }

    @Test
    void timersWithTheSameDeadlineFireInTheOrderScheduled() {
        List<Integer> fired = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            // From both threads, alternately: the order is the order of the calls.
            if (n % 2 == 0) {
                loop.schedule(() -> fired.add(n), Duration.ofSeconds(1));
            } else {
                loop.submit(() -> loop.schedule(() -> fired.add(n), Duration.ofSeconds(1)))
                        .join();
            }
        }

        clock.advance(Duration.ofSeconds(1));

        assertThat(fired).hasSize(100).isSorted();
    }

    @Test
    void aCancelledTimerNeverFires() {
        List<String> fired = new CopyOnWriteArrayList<>();
        Cancellable cancelled = loop.schedule(() -> fired.add("cancelled"), Duration.ofSeconds(1));
        Cancellable kept = loop.schedule(() -> fired.add("kept"), Duration.ofSeconds(2));

        assertThat(cancelled.cancel()).isTrue();
        assertThat(cancelled.isCancelled()).isTrue();
        assertThat(cancelled.cancel()).as("a second cancel changes nothing").isFalse();
        clock.advance(Duration.ofSeconds(3));

        assertThat(fired).containsExactly("kept");
        assertThat(kept.cancel()).as("a timer that fired cannot be cancelled").isFalse();
        assertThat(kept.isCancelled()).isFalse();
    }

    @Test
    void aTimerScheduledByATimerFiresInTheSameAdvanceWhenItFallsWithinIt() {
        List<String> fired = new CopyOnWriteArrayList<>();
        loop.schedule(
                () -> {
                    fired.add("first at " + elapsed() / 1_000_000_000 + "s");
                    loop.schedule(
                            () -> fired.add("within at " + elapsed() / 1_000_000_000 + "s"), Duration.ofSeconds(3));
                    loop.schedule(
                            () -> fired.add("beyond at " + elapsed() / 1_000_000_000 + "s"), Duration.ofSeconds(6));
                },
                Duration.ofSeconds(2));

        clock.advance(Duration.ofSeconds(7));
        assertThat(fired).containsExactly("first at 2s", "within at 5s");

        clock.advance(Duration.ofSeconds(1));
        assertThat(fired).containsExactly("first at 2s", "within at 5s", "beyond at 8s");
    }

    @Test
    void aZeroDelayTimerFiresAtTheNextAdvance() throws Exception {
        List<Long> firedAt = new CopyOnWriteArrayList<>();
        loop.schedule(() -> firedAt.add(elapsed()), Duration.ZERO);
        loop.submit(() -> null).get(10, TimeUnit.SECONDS); // the loop has had its chance to run it

        assertThat(firedAt).isEmpty();
        clock.advance(Duration.ofNanos(1));
        assertThat(firedAt).containsExactly(0L);
    }

    @Test
    void aZeroOrNegativeAdvanceIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> clock.advance(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("advance: PT0S (expected: > 0)");
        assertThatThrownBy(() -> clock.advance(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("advance: PT-0.001S (expected: > 0)");
        assertThat(elapsed()).isZero();
    }

    @Test
    void advanceOnTheLoopThreadFiresTheDueTimersAtOnce() throws Exception {
        List<String> fired = new CopyOnWriteArrayList<>();
        loop.schedule(() -> fired.add("timer"), Duration.ofSeconds(1));

        loop.submit(() -> {
                    clock.advance(Duration.ofSeconds(1));
                    return fired.add("after advance");
                })
                .get(10, TimeUnit.SECONDS);

        assertThat(fired).containsExactly("timer", "after advance");
    }

    @Test
    void advanceFromATimerThatAnAdvanceRunsIsRefused() {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        loop.schedule(
                () -> {
                    try {
                        clock.advance(Duration.ofSeconds(1));
                    } catch (IllegalStateException e) {
                        thrown.set(e);
                    }
                },
                Duration.ofSeconds(1));

        clock.advance(Duration.ofSeconds(1));

        assertThat(thrown.get())
                .hasMessage("ManualClock.advance called from a timer that an advance runs"
                        + " (expected: from the test, or from a task)");
        assertThat(elapsed()).isEqualTo(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void oneClockDrivesOneOpenLoop() {
        assertThatThrownBy(() -> Loop.builder().name("second-loop").clock(clock).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "ManualClock already drives loop 'manual-clock-loop' (expected: one open loop per manual clock)");

        loop.close();
        try (Loop next = Loop.builder().name("next-loop").clock(clock).start()) {
            List<String> fired = new CopyOnWriteArrayList<>();
            next.schedule(() -> fired.add("on " + Thread.currentThread().getName()), Duration.ofSeconds(1));
            clock.advance(Duration.ofSeconds(1));
            assertThat(fired).containsExactly("on next-loop");
        }
    }

    @Test
    void withoutALoopOrWithAClosedOneAdvanceOnlyMovesTheTime() {
        ManualClock alone = new ManualClock();
        long before = alone.nanoTime();
        alone.advance(Duration.ofMillis(250));
        assertThat(alone.nanoTime() - before).isEqualTo(Duration.ofMillis(250).toNanos());

        List<String> fired = new CopyOnWriteArrayList<>();
        loop.schedule(() -> fired.add("dropped"), Duration.ofSeconds(1));
        loop.close();
        clock.advance(Duration.ofSeconds(2));
        assertThat(fired).as("timers pending at close never fire").isEmpty();
        assertThat(elapsed()).isEqualTo(Duration.ofSeconds(2).toNanos());
    }

    @Test
    void theTimeSaturatesRatherThanWraps() {
        clock.advance(Duration.ofSeconds(Long.MAX_VALUE));
        clock.advance(Duration.ofDays(1));

        assertThat(clock.nanoTime()).isEqualTo(Long.MAX_VALUE);
    }
}
