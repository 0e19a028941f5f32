package dev.fanout.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InFlightProbeTest {

    private final InFlightProbe probe = new InFlightProbe();

    @Test
    void nothingRecordedPeaksAtZero() {
        assertThat(probe.peakInFlight()).isZero();
        assertThat(probe.arrivalSpread()).isEqualTo(Duration.ZERO);
    }

    @Test
    void overlappingHoldsAddUp() {
        probe.held(0, 100);
        probe.held(10, 100);
        probe.held(20, 100);

        assertThat(probe.peakInFlight()).isEqualTo(3);
        assertThat(probe.arrivalSpread()).isEqualTo(Duration.ofNanos(20));
    }

    @Test
    void aHoldEndingAsAnotherBeginsDoesNotOverlapIt() {
        probe.held(0, 100);
        probe.held(100, 100);
        probe.held(200, 100);

        assertThat(probe.peakInFlight()).isEqualTo(1);
    }

    @Test
    void thePeakIsTheMostAtOneInstantNotTheMostThatOverlapOne() {
        // [0,100) overlaps both [50,60) and [90,200), which do not overlap each other.
        probe.held(0, 100);
        probe.held(50, 10);
        probe.held(90, 110);

        assertThat(probe.peakInFlight()).isEqualTo(2);
    }

    @Test
    void immediateAnswersAreNotHeld() {
        probe.held(0, 0);
        probe.held(0, 0);
        probe.held(5, 10);

        assertThat(probe.peakInFlight()).isEqualTo(1);
        assertThat(probe.arrivalSpread()).isEqualTo(Duration.ofNanos(5));
    }

    @Test
    void aRequestHeldForeverOverlapsEverythingAfterIt() {
        probe.held(Long.MAX_VALUE / 8, InFlightProbe.FOREVER);
        probe.held(Long.MAX_VALUE / 8 + 1_000_000, 10);

        assertThat(probe.peakInFlight()).isEqualTo(2);
    }

    @Test
    void requestCountsAreTotalAndPerUrl() {
        probe.received("/a");
        probe.received("/a");
        probe.received("/b?x=1");

        assertThat(probe.requestCount()).isEqualTo(3);
        assertThat(probe.requestCount("/a")).isEqualTo(2);
        assertThat(probe.requestCount("/b?x=1")).isEqualTo(1);
        assertThat(probe.requestCount("/c")).isZero();
        assertThat(probe.requestCounts()).containsExactly(Map.entry("/a", 2), Map.entry("/b?x=1", 1));
    }

    @Test
    void growsPastItsInitialCapacity() {
        for (int i = 0; i < 5_000; i++) {
            probe.held(i, 5_000);
        }

        assertThat(probe.peakInFlight()).isEqualTo(5_000);
    }

    @Test
    void resetForgetsEverything() {
        probe.received("/a");
        probe.held(0, 10);

        probe.reset();

        assertThat(probe.requestCount()).isZero();
        assertThat(probe.requestCounts()).isEmpty();
        assertThat(probe.peakInFlight()).isZero();
    }
}
