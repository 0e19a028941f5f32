package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.testkit.Failure;
import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --retry}, {@code --hedge-after} and {@code --rate} on the fetch command, against the
 * testkit's flaky and slow endpoints: what the server saw, the TRIES column, the JSON fields
 * and the summary's lines.
 */
class RetryHedgeRateOptionsTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void retryMendsTransientFailuresAndTheTableCountsTheTries(SlowEndpoints server) {
        String once503 = server.flaky(1, Failure.status(503));
        String twiceReset = server.flaky(2, Failure.connectionReset());
        String fine = server.delayed(Duration.ofMillis(5));

        CliRun run = CliRun.run("--retry", "3", "--retry-base", "10ms", once503, twiceReset, fine);

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(server.requestCount(once503)).isEqualTo(2);
        assertThat(server.requestCount(twiceReset)).isEqualTo(3);
        assertThat(server.requestCount(fine)).isEqualTo(1);
        assertThat(run.out())
                .containsPattern("STATUS PROTO TRIES +TIME")
                .containsPattern("0  /flaky/1/status-503/\\d+ +200 +h1.1 +2 ")
                .containsPattern("1  /flaky/2/reset/\\d+ +200 +h1.1 +3 ")
                .containsPattern("2  /delay/5/\\d+ +200 +h1.1 +1 ")
                .contains("retries      3 sends again, for 2 requests (the most tries: 3)")
                .contains("up to 3 tries each, backoff with jitter from 10 ms doubling to 200 ms");
    }

    @Test
    void withoutRetryTheSameFailuresAreTheResultsAndThereIsNoTriesColumn(SlowEndpoints server) {
        String once503 = server.flaky(1, Failure.status(503));
        String onceReset = server.flaky(1, Failure.connectionReset());

        CliRun run = CliRun.run(once503, onceReset);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(run.out())
                .containsPattern("0  /flaky/1/status-503/\\d+ +503")
                .containsPattern("1  /flaky/1/reset/\\d+ +CLOSED")
                .doesNotContain("TRIES")
                .doesNotContain("retries");
    }

    @Test
    void retryStopsAfterNAttemptsInAllAndTheLastAnswerIsTheResult(SlowEndpoints server) {
        String always503 = server.status(503);

        CliRun run = CliRun.run("--retry", "3", "--retry-base", "10ms", always503);

        assertThat(run.exitCode()).as(run.err()).isZero(); // a 503 is a response
        assertThat(server.requestCount(always503)).isEqualTo(3);
        assertThat(run.out()).containsPattern("0  /status/503/\\d+ +503 +h1.1 +3 ");
    }

    @Test
    void hedgeAfterSendsACopyOfALateRequestOnlyAndSaysSo(SlowEndpoints server) throws Exception {
        // A quick answer well inside the hedging delay even on a loaded machine; a late one well past it.
        String late = server.delayed(Duration.ofMillis(1500));
        String quick = server.delayed(Duration.ofMillis(1));

        CliRun table = CliRun.run("--hedge-after", "500ms", late, quick);

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(server.requestCount(late)).isEqualTo(2);
        assertThat(server.requestCount(quick)).isEqualTo(1);
        assertThat(table.out())
                .containsPattern("0  /delay/1500/\\d+ +200 +h1.1 +1\\+h ")
                .containsPattern("1  /delay/1/\\d+ +200 +h1.1 +1 ")
                .contains("hedges       1 copy sent, each 500 ms after its write without an answer")
                .containsPattern("latency      p50 \\S+ ms, p90 ");

        server.reset();
        CliRun json = CliRun.run("--hedge-after", "500ms", "--json", late, quick);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : json.lines()) {
            lines.add(MAPPER.readTree(line));
        }
        assertThat(lines.get(0).get("attempts").asInt()).isEqualTo(2);
        assertThat(lines.get(0).get("hedges").asInt()).isEqualTo(1);
        assertThat(lines.get(1).get("attempts").asInt()).isEqualTo(1);
        assertThat(lines.get(1).get("hedges").asInt()).isZero();
    }

    @Test
    void jsonLinesCountTheAttemptsOfARetriedRequest(SlowEndpoints server) throws Exception {
        CliRun run = CliRun.run("--retry", "2", "--retry-base", "10ms", "--json", server.flaky(1, Failure.status(502)));

        JsonNode json = MAPPER.readTree(run.lines().get(0));
        assertThat(json.get("status").asInt()).isEqualTo(200);
        assertThat(json.get("attempts").asInt()).isEqualTo(2);
        assertThat(json.get("hedges").asInt()).isZero();
    }

    @Test
    void rateSpreadsTheStartsAtTheServerAndTheSummarySaysSo(SlowEndpoints server) {
        List<String> urls = server.delayed(6, Duration.ofMillis(1));

        List<String> args = new ArrayList<>(List.of("--rate", "10/1s"));
        args.addAll(urls);
        CliRun run = CliRun.run(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isZero();
        // Six starts one every 100 ms span five intervals at the client, whatever the machine's load;
        // at the server, less the first request's connect (the others reuse its connection).
        assertThat(server.arrivalSpread()).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(run.out().replaceAll("\\s+", " ")) // the line wraps to the width
                .contains("rate 10/s per origin, one start every 100 ms: 5 of 6 requests waited their turn; "
                        + "none answered 429")
                .doesNotContain("TRIES");
    }

    @Test
    void withoutRateTheSameStartsAreNotSpread(SlowEndpoints server) {
        CliRun run = CliRun.run(server.delayed(6, Duration.ofMillis(1)).toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.arrivalSpread()).isLessThan(Duration.ofMillis(400));
        assertThat(run.out()).doesNotContain("rate ");
    }

    @Test
    void retryLeavesAPostAloneSinceItIsNotIdempotent(SlowEndpoints server) {
        String once503 = server.flaky(1, Failure.status(503));

        CliRun run = CliRun.run("--retry", "3", "--retry-base", "10ms", "-X", "POST", "-d", "x=1", once503);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.requestCount(once503)).isEqualTo(1);
        assertThat(run.out())
                .containsPattern("0  /flaky/1/status-503/\\d+ +503 +h1.1 +1 ")
                .contains("retries      none: every request's first try was its result");
    }
}
