package dev.fanout.client;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.fanout.loop.Loop;
import dev.fanout.loop.ManualClock;
import dev.fanout.loop.testing.Await;
import dev.fanout.testkit.Answer;
import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * hedgeAtPercentile on the testkit's server and the loop's {@link ManualClock}: the stragglers
 * of a batch are hedged once the batch's fastest p have answered, a batch too small to judge is
 * hedged only after hedgeAfter's delay. The stragglers answer slowly only the first time they
 * are asked (a WireMock scenario), so that a hedged copy answers at once; the server counts
 * what it was sent.
 */
class HedgeAtPercentileTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    private final ManualClock clock = new ManualClock();
    private final Loop loop =
            Loop.builder().name("percentile-loop").clock(clock).start();

    @AfterEach
    void stop() {
        loop.close();
    }

    /** Returns a URL whose first answer takes a minute and whose later ones come at once. */
    private static String slowTheFirstTime(SlowEndpoints server, String name) {
        String path = "/first-slow/" + name;
        server.stub(
                get(urlEqualTo(path))
                        .inScenario(name)
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willSetStateTo("asked"),
                Answer.text("late").delay(Duration.ofMinutes(1)));
        server.stub(get(urlEqualTo(path)).inScenario(name).whenScenarioStateIs("asked"), Answer.text("hedged"));
        return server.url(path);
    }

    @Test
    void theStragglersOfABatchAreHedgedOnceItsFastestHaveAnswered(SlowEndpoints server) throws Exception {
        server.reset();
        List<String> prompt = server.delayed(38, Duration.ofMillis(300));
        List<String> stragglers = List.of(slowTheFirstTime(server, "a"), slowTheFirstTime(server, "b"));
        List<String> urls = new ArrayList<>(prompt);
        urls.addAll(stragglers);
        try (FanoutClient client = FanoutClient.builder()
                .loop(loop)
                .requestTimeout(Duration.ofDays(1))
                .hedgeAtPercentile(0.95)
                .build()) {
            Batch batch = client.startAll(urls.stream().map(Request::get).toList());
            Await.until("every request written", () -> server.requestCount() == urls.size());
            clock.advance(Duration.ofMillis(50)); // the prompt ones answer 50 ms into the loop's time
            List<Result> results = batch.awaitAll(Duration.ofSeconds(30));

            for (Result r : results) {
                assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue();
            }
            for (int i = 0; i < prompt.size(); i++) {
                assertThat(results.get(i).hedges()).isZero();
                assertThat(server.requestCount(prompt.get(i))).isEqualTo(1);
            }
            for (int i = prompt.size(); i < urls.size(); i++) {
                assertThat(results.get(i).bodyAsString()).isEqualTo("hedged");
                assertThat(results.get(i).hedges()).isEqualTo(1);
                assertThat(server.requestCount(urls.get(i))).isEqualTo(2);
            }
            assertThat(batch.stats().hedges()).isEqualTo(2);
        }
    }

    @Test
    void aBatchTooSmallToJudgeIsHedgedOnlyAfterTheFixedDelay(SlowEndpoints server) throws Exception {
        server.reset();
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            urls.add(server.body(2));
        }
        for (int i = 0; i < 5; i++) {
            urls.add(slowTheFirstTime(server, "small-" + i));
        }
        try (FanoutClient client = FanoutClient.builder()
                .loop(loop)
                .requestTimeout(Duration.ofDays(1))
                .hedgeAtPercentile(0.5)
                .hedgeAfter(Duration.ofSeconds(10))
                .build()) {
            CountDownLatch promptOnes = new CountDownLatch(5);
            Batch batch = client.startAll(urls.stream().map(Request::get).toList());
            batch.onResult(r -> promptOnes.countDown());
            assertThat(promptOnes.await(10, TimeUnit.SECONDS)).isTrue();
            // Half the batch has answered, but 5 answers are too few to judge it by: no hedge.
            clock.advance(Duration.ofSeconds(9));
            loop.submit(() -> null).get(10, TimeUnit.SECONDS);
            Thread.sleep(200); // a copy sent now would reach the server in this time
            for (String url : urls) {
                assertThat(server.requestCount(url)).as(url).isEqualTo(1);
            }
            clock.advance(Duration.ofSeconds(1));
            List<Result> results = batch.awaitAll(Duration.ofSeconds(30));
            for (int i = 0; i < urls.size(); i++) {
                Result r = results.get(i);
                assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue();
                assertThat(r.hedges()).isEqualTo(i < 5 ? 0 : 1);
            }
        }
    }
}
