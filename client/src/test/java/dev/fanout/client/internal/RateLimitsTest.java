package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.loop.ManualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pace for every origin keeps only the origins whose next start has not come yet. */
class RateLimitsTest {

    @Test
    void originsWhoseTurnHasComeAreForgotten() {
        ManualClock clock = new ManualClock();
        RateLimits limits = RateLimits.of(clock, List.of(new RateLimit(null, 10, Duration.ofSeconds(1))));
        for (int i = 0; i < 5000; i++) {
            assertThat(limits.take(new Origin("http", "host-" + i + ".test", 80)))
                    .isZero();
        }
        assertThat(limits.take(new Origin("http", "host-0.test", 80)))
                .as("its pace holds it")
                .isPositive();
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 4000; i++) {
            limits.take(new Origin("http", "other-" + i + ".test", 80));
        }
        assertThat(limits.tracked()).as("the first 5,000 forgotten").isLessThanOrEqualTo(4000);
    }
}
