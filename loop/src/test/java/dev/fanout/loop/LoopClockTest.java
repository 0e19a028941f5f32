package dev.fanout.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoopClockTest {

    @Test
    void aLoopRunsOnTheSystemClockByDefault() {
        try (Loop loop = Loop.start("clock-default-loop")) {
            assertThat(loop.clock()).isSameAs(LoopClock.system());
        }
    }

    @Test
    void theSystemClockReadsSystemNanoTime() {
        try (Loop loop = Loop.start("clock-system-loop")) {
            long before = System.nanoTime();
            long reading = loop.nanoTime();
            long after = System.nanoTime();

            assertThat(reading - before).isGreaterThanOrEqualTo(0);
            assertThat(after - reading).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void theSystemClockMovesOnItsOwn() {
        long first = LoopClock.system().nanoTime();
        long spinUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        while (System.nanoTime() - spinUntil < 0) {
            Thread.onSpinWait();
        }

        assertThat(LoopClock.system().nanoTime() - first).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
    }

    @Test
    void aNullClockIsRefused() {
        assertThatThrownBy(() -> Loop.builder().clock(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("clock");
    }
}
