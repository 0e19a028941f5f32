package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The adaptive limits of many origins: which origins have one, and how many are kept. */
class AdaptiveLimitsTest {

    private static Origin origin(int i) {
        return new Origin("http", "host-" + i + ".test", 80);
    }

    @Test
    void onlyTheNamedOriginsAdapt() {
        List<Origin> changed = new ArrayList<>();
        AdaptiveLimits limits = new AdaptiveLimits(false, List.of("http://host-1.test"), o -> 0);
        limits.whenChanged(changed::add);
        assertThat(limits.cap(origin(1), 64)).isEqualTo(64);
        assertThat(limits.cap(origin(2), 64)).isEqualTo(64);
        ResponseData busy = new ResponseData(503, "HTTP/1.1", List.of(), new byte[0], "http://host-1.test/");
        limits.answered(origin(1), busy, 0, 64, 1_000_000);
        limits.answered(origin(2), busy, 0, 64, 1_000_000);
        assertThat(changed).containsExactly(origin(1));
        assertThat(limits.cap(origin(1), 64)).isEqualTo(32);
        assertThat(limits.current(origin(1))).isEqualTo(32);
        assertThat(limits.cap(origin(2), 64)).isEqualTo(64);
        assertThat(limits.current(origin(2))).isEqualTo(-1);
    }

    @Test
    void theLeastRecentlyUsedOriginsAreForgottenBeyondTheMost() {
        AdaptiveLimits limits = new AdaptiveLimits(true, List.of(), o -> 0);
        for (int i = 0; i <= AdaptiveLimits.MAX_ORIGINS; i++) {
            limits.cap(origin(i), 8);
            if (i == 0) {
                limits.cap(origin(0), 8);
            }
        }
        assertThat(limits.current(origin(0)))
                .as("the first, used least recently")
                .isEqualTo(-1);
        assertThat(limits.current(origin(1))).isEqualTo(8);
        assertThat(limits.current(origin(AdaptiveLimits.MAX_ORIGINS))).isEqualTo(8);
    }
}
