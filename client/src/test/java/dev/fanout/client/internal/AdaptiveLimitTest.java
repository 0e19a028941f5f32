package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The adaptive limit's arithmetic, fed answers with the times and in-flight counts they would
 * carry (milliseconds here, as nanoseconds): what halves it, what shrinks it toward what the
 * origin takes, what grows it, and its bounds.
 */
class AdaptiveLimitTest {

    private static final long MS = 1_000_000;

    /** Answers 200 to a request written at {@code sentMs} after {@code latencyMs}. */
    private static boolean ok(AdaptiveLimit limit, long sentMs, long latencyMs, int inFlightThen, int inFlightNow) {
        return limit.answered(200, sentMs * MS, (sentMs + latencyMs) * MS, inFlightThen, inFlightNow);
    }

    @Test
    void startsAtTheMostAllowed() {
        AdaptiveLimit limit = new AdaptiveLimit(64);
        assertThat(limit.limit()).isEqualTo(64);
        assertThat(limit.baseline()).isEqualTo(-1);
    }

    @Test
    void a503HalvesItOncePerRoundTrip() {
        AdaptiveLimit limit = new AdaptiveLimit(64);
        assertThat(limit.answered(503, 0, 10 * MS, 64, 64)).isTrue();
        assertThat(limit.limit()).isEqualTo(32);
        // Written before the halving (at 10 ms): the same wave, not a new signal.
        assertThat(limit.answered(503, 5 * MS, 12 * MS, 64, 63)).isFalse();
        assertThat(limit.answered(429, 9 * MS, 15 * MS, 64, 62)).isFalse();
        assertThat(limit.limit()).isEqualTo(32);
        // Written after it: the halved limit is still too much.
        assertThat(limit.answered(429, 11 * MS, 20 * MS, 32, 31)).isTrue();
        assertThat(limit.limit()).isEqualTo(16);
    }

    @Test
    void answersSlowerThanTwiceTheBaselineMoveItTowardWhatTheOriginTakes() {
        AdaptiveLimit limit = new AdaptiveLimit(100);
        ok(limit, 0, 10, 1, 1);
        assertThat(limit.baseline()).isEqualTo(10 * MS);
        // Within the tolerance: no change (nor growth: the limit is not in use).
        assertThat(ok(limit, 0, 20, 50, 40)).isFalse();
        assertThat(limit.limit()).isEqualTo(100);
        // 100 in flight answered in 50 ms with a 10 ms baseline: the origin takes 100 × 2 × 10 / 50 = 40
        // within the tolerance; one answer moves the limit a fifth of the way: 100 - 0.2 × 60 = 88.
        assertThat(ok(limit, 0, 50, 100, 90)).isTrue();
        assertThat(limit.limit()).isEqualTo(88);
        // A wave of the same answers brings it close to 40, never under.
        for (int i = 0; i < 40; i++) {
            ok(limit, 0, 50, 100, 90);
        }
        assertThat(limit.limit()).isEqualTo(40);
    }

    @Test
    void anUnansweredRequestCountsOnceItWaitedPastTheTolerance() {
        AdaptiveLimit limit = new AdaptiveLimit(100);
        assertThat(limit.unanswered(0, 500 * MS, 100))
                .as("no baseline yet: nothing to judge by")
                .isFalse();
        ok(limit, 0, 10, 1, 1);
        assertThat(limit.unanswered(0, 15 * MS, 100)).isFalse();
        assertThat(limit.unanswered(0, 100 * MS, 100)).isTrue(); // takes 20: 100 - 0.2 × 80 = 84
        assertThat(limit.limit()).isEqualTo(84);
    }

    @Test
    void goodAnswersGrowItByAboutOnePerRoundTripOnlyWhileItIsInUse() {
        AdaptiveLimit limit = new AdaptiveLimit(64);
        limit.answered(503, 0, 10 * MS, 64, 64);
        assertThat(limit.limit()).isEqualTo(32);
        for (int i = 0; i < 32; i++) {
            ok(limit, 20, 10, 5, 5); // 5 of 32 in flight: the caller asks for little, which proves nothing
        }
        assertThat(limit.limit()).isEqualTo(32);
        for (int i = 0; i < 33; i++) {
            ok(limit, 20, 10, 30, 30);
        }
        assertThat(limit.limit()).isEqualTo(33);
    }

    @Test
    void itStaysBetweenOneAndTheMost() {
        AdaptiveLimit limit = new AdaptiveLimit(4);
        for (int i = 1; i <= 10; i++) {
            limit.answered(503, i * 100 * MS, (i * 100 + 1) * MS, 4, 4);
        }
        assertThat(limit.limit()).isEqualTo(1);
        for (int i = 0; i < 1000; i++) {
            ok(limit, 2000, 1, 4, 4);
        }
        assertThat(limit.limit()).isEqualTo(4);
    }

    @Test
    void aLimitThatNeverShrankFollowsTheMostUpAndAShrunkOneStays() {
        AdaptiveLimit grown = new AdaptiveLimit(8);
        grown.max(100); // the origin spoke HTTP/2: its requests share connections
        assertThat(grown.limit()).isEqualTo(100);
        AdaptiveLimit shrunk = new AdaptiveLimit(8);
        shrunk.answered(503, 0, MS, 8, 8);
        shrunk.max(100);
        assertThat(shrunk.limit()).isEqualTo(4);
        shrunk.max(2);
        assertThat(shrunk.limit()).isEqualTo(2);
    }
}
