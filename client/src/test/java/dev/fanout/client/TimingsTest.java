package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

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
            assertThat(t.queued()
                            .plus(t.dns())
                            .plus(t.connect())
                            .plus(t.waiting())
                            .plus(t.receiving()))
                    .isLessThanOrEqualTo(t.total());
        }
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
