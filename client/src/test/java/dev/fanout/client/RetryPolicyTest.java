package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.loop.Loop;
import dev.fanout.loop.ManualClock;
import dev.fanout.testkit.Failure;
import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retries against the testkit's flaky endpoints (each URL counts its own requests at the
 * server), with backoffs on the loop's {@link ManualClock}: no test waits for a real backoff.
 */
class RetryPolicyTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    private final ManualClock clock = new ManualClock();
    private final Loop loop = Loop.builder().name("retry-loop").clock(clock).start();

    @BeforeEach
    void resetCounts(SlowEndpoints server) {
        server.reset();
    }

    @AfterEach
    void stop() {
        loop.close();
    }

    private FanoutClient client(RetryPolicy policy, int perHost) {
        return FanoutClient.builder()
                .loop(loop)
                .retry(policy)
                .maxConnectionsPerHost(perHost)
                .requestTimeout(Duration.ofHours(1)) // the test advances the clock by whole seconds
                .build();
    }

    /** Returns once every task the loop holds now has run. */
    private void loopCatchesUp() throws Exception {
        loop.submit(() -> null).get(10, TimeUnit.SECONDS);
    }

    /**
     * Advances the clock a second at a time, letting the loop and the network catch up in between,
     * until {@code batch} is done (or 10 s of real time passed): backoffs pass without waiting.
     */
    private void advanceUntilDone(Batch batch) throws Exception {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!batch.future().isDone() && System.nanoTime() < giveUp) {
            loopCatchesUp();
            clock.advance(Duration.ofSeconds(1));
            Thread.sleep(10); // a retry's request and answer go over a real socket
        }
    }

    @Test
    void a503TwiceThenAnAnswerTakesThreeAttemptsCountedAtTheServer(SlowEndpoints server) throws Exception {
        String url = server.flaky(2, Failure.status(503));
        try (FanoutClient client =
                client(RetryPolicy.exponential(3, Duration.ofSeconds(1), Duration.ofSeconds(4)), 8)) {
            Batch batch = client.startAll(List.of(Request.get(url)));
            advanceUntilDone(batch);
            Result r = batch.awaitAll(Duration.ofSeconds(10)).get(0);

            assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.attempts()).isEqualTo(3);
            assertThat(server.requestCount(url)).isEqualTo(3);
            assertThat(batch.stats().retries()).isEqualTo(2);
        }
    }

    @Test
    void closesBeforeAnyResponseAreRetriedAndTheLastFailureIsTheResultWhenAttemptsRunOut(SlowEndpoints server)
            throws Exception {
        String mended = server.flaky(1, Failure.emptyResponse());
        String broken = server.flaky(5, Failure.connectionReset());
        try (FanoutClient client = client(RetryPolicy.exponential(3, Duration.ZERO, Duration.ZERO), 8)) {
            List<Result> results = client.fetchAll(List.of(mended, broken));

            assertThat(results.get(0).ok()).as("%s", results.get(0)).isTrue();
            assertThat(results.get(0).attempts()).isEqualTo(2);
            assertThat(results.get(1).error().kind()).isEqualTo(ErrorKind.CLOSED);
            assertThat(results.get(1).attempts()).isEqualTo(3);
            assertThat(server.requestCount(broken)).isEqualTo(3);
        }
    }

    @Test
    void aRequestWaitingToRetryHoldsNoSlot(SlowEndpoints server) throws Exception {
        String flaky = server.flaky(1, Failure.status(503));
        String plain = server.body(5);
        try (FanoutClient client =
                client(RetryPolicy.exponential(2, Duration.ofSeconds(30), Duration.ofSeconds(30)), 1)) {
            Batch batch = client.startAll(List.of(Request.get(flaky), Request.get(plain)));

            // With one slot per host, the plain request can only run while the flaky one waits.
            CompletableFuture<Result> first = new CompletableFuture<>();
            batch.onResult(first::complete);
            Result plainResult = first.get(10, TimeUnit.SECONDS);
            assertThat(plainResult.index()).isEqualTo(1);
            assertThat(plainResult.ok()).isTrue();
            assertThat(batch.future()).isNotDone();

            advanceUntilDone(batch);
            Result flakyResult = batch.awaitAll(Duration.ofSeconds(10)).get(0);
            assertThat(flakyResult.ok()).as("%s", flakyResult).isTrue();
            assertThat(flakyResult.attempts()).isEqualTo(2);
        }
    }

    @Test
    void noPolicyMeansOneAttempt(SlowEndpoints server) {
        String url = server.flaky(1, Failure.status(503));
        try (FanoutClient client = FanoutClient.builder().loop(loop).build()) {
            Result r = client.fetchAll(List.of(url)).get(0);

            assertThat(r.status()).isEqualTo(503);
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(server.requestCount(url)).isEqualTo(1);
        }
    }
}
