package dev.fanout.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.loop.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Timers fire on the loop thread in deadline order, never before their delay, and not once cancelled. */
class TimerTest {

    private final Loop loop = Loop.start("timer-test-loop");

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void timersFireInDeadlineOrderNotSchedulingOrder() throws Exception {
        List<Integer> fired = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(5);
        int[] delaysMs = {50, 10, 40, 20, 30};
        // Scheduled from the loop thread in one task, so that every deadline is counted from
        // nearly the same instant and the order can only come from the deadlines.
        loop.execute(() -> {
            for (int delay : delaysMs) {
                loop.schedule(
                        () -> {
                            fired.add(delay);
                            done.countDown();
                        },
                        Duration.ofMillis(delay));
            }
        });

        Await.latch("every timer fired", done);
        assertThat(fired).containsExactly(10, 20, 30, 40, 50);
    }

    @Test
    void timersWithTheSameDeadlineFireInTheOrderScheduled() throws Exception {
        List<Integer> fired = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(100);
        loop.execute(() -> {
            for (int i = 0; i < 100; i++) {
                int n = i;
                loop.schedule(
                        () -> {
                            fired.add(n);
                            done.countDown();
                        },
                        Duration.ZERO);
            }
        });

        Await.latch("every timer fired", done);
        assertThat(fired).isSorted().hasSize(100);
    }

    @Test
    void aCancelledTimerNeverFires() throws Exception {
        AtomicBoolean cancelledRan = new AtomicBoolean();
        CountDownLatch later = new CountDownLatch(1);
        Cancellable timer = loop.schedule(() -> cancelledRan.set(true), Duration.ofMillis(50));
        loop.schedule(later::countDown, Duration.ofMillis(150));

        assertThat(timer.cancel()).isTrue();
        assertThat(timer.isCancelled()).isTrue();
        Await.latch("the later timer fired", later);
        assertThat(cancelledRan).isFalse();
        assertThat(timer.cancel()).as("a second cancel changes nothing").isFalse();
    }

    @Test
    void cancellingAFiredTimerReturnsFalse() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        Cancellable timer = loop.schedule(fired::countDown, Duration.ofMillis(1));

        Await.latch("the timer fired", fired);
        loop.submit(() -> null).get(10, TimeUnit.SECONDS); // the timer's task has returned

        assertThat(timer.cancel()).isFalse();
        assertThat(timer.isCancelled()).isFalse();
    }

    @Test
    void aTimerRunsOnTheLoopThreadAfterAtLeastItsDelay() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        Thread[] ranOn = new Thread[1];
        long start = System.nanoTime();
        long[] firedAfter = new long[1];
        loop.schedule(
                () -> {
                    firedAfter[0] = System.nanoTime() - start;
                    ranOn[0] = Thread.currentThread();
                    fired.countDown();
                },
                Duration.ofMillis(30));

        Await.latch("the timer fired", fired);
        assertThat(ranOn[0]).isSameAs(loop.thread());
        assertThat(firedAfter[0]).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
    }

    @Test
    void aNegativeDelayIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> loop.schedule(() -> {}, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delay: PT-0.001S (expected: >= 0)");
    }
}
