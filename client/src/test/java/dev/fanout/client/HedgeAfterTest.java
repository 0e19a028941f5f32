package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.loop.Loop;
import dev.fanout.loop.ManualClock;
import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * hedgeAfter against the testkit: a request still unanswered when the loop's {@link ManualClock}
 * passes the delay gets a second copy, counted at the server and in the results; one answered
 * before gets none.
 */
class HedgeAfterTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    private final ManualClock clock = new ManualClock();
    private final Loop loop = Loop.builder().name("hedge-loop").clock(clock).start();

    @AfterEach
    void stop() {
        loop.close();
    }

    @Test
    void aLateRequestIsHedgedAndAPromptOneIsNot(SlowEndpoints server) throws Exception {
        server.reset();
        String slow = server.delayed(Duration.ofSeconds(1));
        String prompt = server.body(3);
        try (FanoutClient client = FanoutClient.builder()
                .loop(loop)
                .hedgeAfter(Duration.ofMillis(100))
                .build()) {
            Result quick = client.fetchAll(List.of(prompt)).get(0);

            Batch batch = client.startAll(List.of(Request.get(slow)));
            loop.submit(() -> null).get(10, TimeUnit.SECONDS);
            clock.advance(Duration.ofMillis(100));
            Result hedged = batch.awaitAll(Duration.ofSeconds(10)).get(0);

            assertThat(quick.attempts()).isEqualTo(1);
            assertThat(quick.hedges()).isZero();
            assertThat(hedged.ok()).as("%s: %s", hedged, hedged.error()).isTrue();
            assertThat(hedged.attempts()).isEqualTo(2);
            assertThat(hedged.hedges()).isEqualTo(1);
            assertThat(batch.stats().hedges()).isEqualTo(1);
            assertThat(batch.stats().retries()).isZero();
            assertThat(server.requestCount(slow)).isEqualTo(2);
        }
    }
}
