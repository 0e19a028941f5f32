package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.loop.Loop;
import dev.fanout.loop.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A lane of timers of one delay on a {@link ManualClock}: each fires exactly when its own delay
 * has passed, in the order they started, and a cancelled one never does. The lane is
 * loop-confined, so the test hands each step to the loop thread and waits for it.
 */
class DeadlineLaneTest {

    private static final Duration DELAY = Duration.ofSeconds(30);
    private static final Duration ONE_NANO = Duration.ofNanos(1);

    private final ManualClock clock = new ManualClock();
    private final Loop loop = Loop.builder().name("lane-test-loop").clock(clock).start();
    private final List<String> fired = new ArrayList<>(); // on the loop thread only
    private final DeadlineLane lane = new DeadlineLane(loop, "test timer", DELAY.toNanos());
    private final long start = clock.nanoTime();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void eachEntryFiresExactlyWhenItsOwnDelayHasPassedInTheOrderTheyStarted() throws Exception {
        Named a = new Named("a");
        Named b = new Named("b");
        Named c = new Named("c");
        onLoop(() -> lane.start(a));
        clock.advance(Duration.ofSeconds(10));
        onLoop(() -> lane.start(b));
        onLoop(() -> lane.start(c)); // at the same time as b

        clock.advance(Duration.ofSeconds(20).minus(ONE_NANO));
        assertThat(fired()).isEmpty();
        clock.advance(ONE_NANO);
        assertThat(fired()).containsExactly("a at 30000 ms");
        assertThat(fromLoop(a::isPending)).isFalse();
        assertThat(fromLoop(b::isPending)).isTrue();

        clock.advance(Duration.ofSeconds(10).minus(ONE_NANO));
        assertThat(fired()).containsExactly("a at 30000 ms");
        clock.advance(ONE_NANO);
        assertThat(fired()).containsExactly("a at 30000 ms", "b at 40000 ms", "c at 40000 ms");
        assertThat(fromLoop(lane::size)).isZero();
    }

    @Test
    void aCancelledEntryNeverFiresAndTheOnesAroundItStillDo() throws Exception {
        Named a = new Named("a");
        Named b = new Named("b");
        Named c = new Named("c");
        onLoop(() -> lane.start(a));
        clock.advance(Duration.ofSeconds(1));
        onLoop(() -> lane.start(b));
        clock.advance(Duration.ofSeconds(1));
        onLoop(() -> lane.start(c));

        assertThat(fromLoop(() -> lane.cancel(a))).isTrue(); // the head
        assertThat(fromLoop(() -> lane.cancel(a))).isFalse(); // no longer in the lane
        clock.advance(Duration.ofSeconds(28));
        assertThat(fired()).isEmpty(); // the timer set for a fired early, found nothing due, and waits for b

        assertThat(fromLoop(() -> lane.cancel(c))).isTrue(); // the tail
        clock.advance(Duration.ofSeconds(10));
        assertThat(fired()).containsExactly("b at 31000 ms");
    }

    @Test
    void aLaneEmptiedByCancelsStartsAgainWithItsNextEntry() throws Exception {
        Named a = new Named("a");
        Named b = new Named("b");
        onLoop(() -> lane.start(a));
        onLoop(() -> lane.cancel(a));
        clock.advance(Duration.ofSeconds(20));
        onLoop(() -> lane.start(b));

        clock.advance(Duration.ofSeconds(30).minus(ONE_NANO));
        assertThat(fired()).isEmpty();
        clock.advance(ONE_NANO);
        assertThat(fired()).containsExactly("b at 50000 ms");
    }

    @Test
    void anEntryStartedAgainAfterItFiredWaitsAWholeDelayMore() throws Exception {
        Named a = new Named("a");
        onLoop(() -> lane.start(a));
        clock.advance(DELAY);
        onLoop(() -> lane.start(a));
        clock.advance(DELAY.minus(ONE_NANO));
        assertThat(fired()).containsExactly("a at 30000 ms");
        clock.advance(ONE_NANO);
        assertThat(fired()).containsExactly("a at 30000 ms", "a at 60000 ms");
    }

    @Test
    void anEntryThatAnotherStartsAsItFiresWaitsItsOwnDelay() throws Exception {
        Named second = new Named("second");
        Named first = new Named("first") {
            @Override
            void expired() {
                super.expired();
                lane.start(second);
            }
        };
        Named waiting = new Named("waiting");
        onLoop(() -> lane.start(first));
        clock.advance(Duration.ofSeconds(5));
        onLoop(() -> lane.start(waiting));

        clock.advance(Duration.ofSeconds(25));
        assertThat(fired()).containsExactly("first at 30000 ms");
        clock.advance(Duration.ofSeconds(5));
        assertThat(fired()).containsExactly("first at 30000 ms", "waiting at 35000 ms");
        clock.advance(Duration.ofSeconds(25).minus(ONE_NANO));
        assertThat(fired()).hasSize(2);
        clock.advance(ONE_NANO);
        assertThat(fired()).containsExactly("first at 30000 ms", "waiting at 35000 ms", "second at 60000 ms");
    }

    @Test
    void anEntryThatThrowsAsItFiresDoesNotStopTheOthersDueWithIt() throws Exception {
        Named throwing = new Named("throwing") {
            @Override
            void expired() {
                super.expired();
                throw new IllegalStateException("thrown on purpose by the test");
            }
        };
        Named after = new Named("after");
        Named later = new Named("later");
        onLoop(() -> {
            lane.start(throwing);
            lane.start(after);
        });
        clock.advance(Duration.ofSeconds(1));
        onLoop(() -> lane.start(later));

        clock.advance(DELAY);
        assertThat(fired()).containsExactly("throwing at 30000 ms", "after at 30000 ms", "later at 31000 ms");
    }

    @Test
    void startingAnEntryThatIsPendingIsRefused() throws Exception {
        Named a = new Named("a");
        onLoop(() -> lane.start(a));
        assertThatThrownBy(() -> fromLoop(() -> {
                    lane.start(a);
                    return null;
                }))
                .hasCauseInstanceOf(IllegalStateException.class)
                .cause()
                .hasMessage("the entry is pending already");
        assertThat(fromLoop(lane::size)).isEqualTo(1);
    }

    @Test
    void aNegativeDelayIsRefused() {
        assertThatThrownBy(() -> new DeadlineLane(loop, "test timer", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delayNanos: -1 (expected: >= 0)");
    }

    @Test
    void requestsOfOneTimeoutShareALaneAndEmptyLanesAreDroppedOnceThereAreMany() throws Exception {
        DeadlineLanes lanes = new DeadlineLanes(loop, "test timer");
        DeadlineLane thirty = fromLoop(() -> lanes.of(DELAY.toNanos()));
        assertThat(fromLoop(() -> lanes.of(DELAY.toNanos()))).isSameAs(thirty);
        DeadlineLane five = fromLoop(() -> lanes.of(Duration.ofSeconds(5).toNanos()));
        assertThat(five).isNotSameAs(thirty);
        assertThat(five.delayNanos()).isEqualTo(Duration.ofSeconds(5).toNanos());
        assertThat(fromLoop(() -> lanes.of(DELAY.toNanos()))).isSameAs(thirty);

        Named waiting = new Named("waiting");
        onLoop(() -> thirty.start(waiting));
        for (int i = 1; i <= 100; i++) {
            long nanos = i;
            onLoop(() -> lanes.of(nanos)); // each left empty
        }
        assertThat(fromLoop(lanes::count)).isLessThan(40);
        assertThat(fromLoop(() -> lanes.of(DELAY.toNanos()))).isSameAs(thirty); // kept: an entry waits in it
    }

    /** An entry that records when it fired, on the loop thread. */
    private class Named extends DeadlineLane.Entry {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        void expired() {
            fired.add(name + " at " + TimeUnit.NANOSECONDS.toMillis(clock.nanoTime() - start) + " ms");
        }
    }

    private List<String> fired() throws Exception {
        return fromLoop(() -> List.copyOf(fired));
    }

    private void onLoop(Runnable task) throws Exception {
        OnLoop.run(loop, task);
    }

    private <T> T fromLoop(Callable<T> task) throws Exception {
        return OnLoop.get(loop, task);
    }
}
