package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every result carries its phases: where the time went. */
class TimingsTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    @Test
    void aFreshRequestHasEveryPhaseAndTheyFitInTheTotal(SlowEndpoints server) {
        try (FanoutClient client = FanoutClient.create()) {
            Result r = client.fetchAll(List.of(server.delayed(Duration.ofMillis(100))))
                    .get(0);

            Timings t = r.timings();
            assertThat(t.start()).isGreaterThanOrEqualTo(Duration.ZERO);
            assertThat(t.connect()).isPositive();
            assertThat(t.tls()).isZero();
            assertThat(t.waiting()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
            assertThat(t.total()).isEqualTo(r.elapsed());
            assertThat(r.timings()).as("made anew from the same numbers").isEqualTo(t);
            assertThat(t.queued()
                            .plus(t.dns())
                            .plus(t.connect())
                            .plus(t.waiting())
                            .plus(t.receiving()))
                    .isLessThanOrEqualTo(t.total());
        }
    }

    @Test
    void aResultTakesEightPhasesNoFewer() {
        FetchException error = new FetchException(ErrorKind.CANCELLED, "http://a.example/", "cancelled", null);
        long[] phases = {1, 2, 3, 4, 5, 6, 7, 36};

        Result r = new Result(0, null, null, error, 1, 0, phases);

        assertThat(r.timings())
                .isEqualTo(new Timings(
                        Duration.ofNanos(1),
                        Duration.ofNanos(2),
                        Duration.ofNanos(3),
                        Duration.ofNanos(4),
                        Duration.ofNanos(5),
                        Duration.ofNanos(6),
                        Duration.ofNanos(7),
                        Duration.ofNanos(36)));
        assertThat(r.elapsed()).isEqualTo(Duration.ofNanos(36));
        assertThatThrownBy(() -> new Result(0, null, null, error, 1, 0, new long[7]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("phaseNanos: 7 values (expected: 8)");
    }

    @Test
    void aQueuedRequestShowsItsWait(SlowEndpoints server) {
        try (FanoutClient client =
                FanoutClient.builder().maxConnectionsPerHost(1).build()) {
            List<Result> results = client.fetchAll(server.delayed(2, Duration.ofMillis(150)));

            assertThat(results.get(0).timings().queued()).isLessThan(Duration.ofMillis(150));
            assertThat(results.get(1).timings().queued()).isGreaterThanOrEqualTo(Duration.ofMillis(150));
            assertThat(results.get(1).timings().connect()).isZero(); // it reused the first one's connection
        }
    }

    @Test
    void aBodyThatDribblesShowsReceivingTime(SlowEndpoints server) {
        try (FanoutClient client = FanoutClient.create()) {
            Result r = client.fetchAll(List.of(server.slowBody(1000, 5, Duration.ofMillis(400))))
                    .get(0);

            assertThat(r.ok()).isTrue();
            assertThat(r.timings().receiving().plus(r.timings().waiting()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void aFailureBeforeSendingHasNoWaitingTime() {
        try (FanoutClient client = FanoutClient.create()) {
            Result r = client.fetchAll(List.of("http://nowhere.invalid/")).get(0);

            assertThat(r.timings().waiting()).isZero();
            assertThat(r.timings().receiving()).isZero();
            assertThat(r.attempts()).isZero();
        }
    }
}
