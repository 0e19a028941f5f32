package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.loop.Loop;
import dev.fanout.loop.ManualClock;
import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * rateLimit paces the starts to an origin on the loop's {@link ManualClock}: one every
 * {@code per / permits}, the wait counted as queued time, other origins not held back, and a
 * 429's Retry-After pausing the origin. Sockets are real; only time is the test's.
 */
class RateLimitTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    private final ManualClock clock = new ManualClock();
    private final Loop loop = Loop.builder().name("rate-loop").clock(clock).start();

    @AfterEach
    void stop() {
        loop.close();
    }

    /** Advances the clock by {@code step} until {@code batch} is done, letting the network catch up in between. */
    private void advanceUntilDone(Batch batch, Duration step) throws Exception {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!batch.future().isDone() && System.nanoTime() < giveUp) {
            loop.submit(() -> null).get(10, TimeUnit.SECONDS);
            Thread.sleep(5); // the started requests go over a real socket
            clock.advance(step);
        }
    }

    @Test
    void startsToALimitedOriginArePacedAndOtherOriginsAreNotHeld(SlowEndpoints server) throws Exception {
        String limited = server.baseUrl();
        String other = limited.replace("127.0.0.1", "localhost"); // the same server, another origin
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            requests.add(Request.get(server.body(2)));
            requests.add(Request.get(other + server.body(2).substring(limited.length())));
        }
        try (FanoutClient client = FanoutClient.builder()
                .loop(loop)
                .requestTimeout(Duration.ofHours(1))
                .rateLimit(limited, 10, Duration.ofSeconds(1))
                .build()) {
            Batch batch = client.startAll(requests);
            advanceUntilDone(batch, Duration.ofMillis(100));
            List<Result> results = batch.awaitAll(Duration.ofSeconds(10));

            assertThat(results)
                    .allSatisfy(
                            r -> assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue());
            for (int k = 0; k < 10; k++) {
                // the k-th request to the limited origin waited its turn: k × 100 ms exactly
                assertThat(results.get(2 * k).timings().queued()).isEqualTo(Duration.ofMillis(100L * k));
                assertThat(results.get(2 * k + 1).timings().queued()).isZero();
            }
        }
    }

    @Test
    void a429WithRetryAfterPausesTheLimitedOrigin(SlowEndpoints server) throws Exception {
        String tooMany = server.status(429, Map.of("Retry-After", "5"));
        try (FanoutClient client = FanoutClient.builder()
                .loop(loop)
                .requestTimeout(Duration.ofHours(1))
                .rateLimit(100, Duration.ofSeconds(1))
                .build()) {
            assertThat(client.fetchAll(List.of(tooMany)).get(0).status()).isEqualTo(429);

            Batch batch = client.startAll(List.of(Request.get(server.body(1)), Request.get(server.body(1))));
            advanceUntilDone(batch, Duration.ofMillis(500));
            List<Result> results = batch.awaitAll(Duration.ofSeconds(10));

            assertThat(results.get(0).timings().queued()).isGreaterThanOrEqualTo(Duration.ofMillis(4500));
            assertThat(results.get(1).timings().queued())
                    .isGreaterThan(results.get(0).timings().queued());
        }
    }
}
