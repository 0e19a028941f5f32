package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code fanout demo --retry}, {@code --hedge} and {@code --rate}, each with its policy and
 * without ({@code --baseline}), in-process on the demo's embedded server: each shows what it
 * claims, in the client's results and in the output.
 */
class DemoCasesTest {

    private static CliRun demo(String... args) {
        String[] all = Stream.concat(Stream.of("demo", "--count", "20"), Arrays.stream(args))
                .toArray(String[]::new);
        CliRun run = CliRun.run(all);
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero(); // every URL as planned
        return run;
    }

    private static List<Row> rows(CliRun run, String path) {
        return run.demo().lastRun().rows().stream()
                .filter(row -> row.url().contains(path))
                .toList();
    }

    @Test
    void retryMendsEveryTransientFailureWithExtraTries() {
        CliRun run = demo("--retry", "--median", "20ms", "--seed", "3");

        List<Row> flaky = rows(run, "/flaky/");
        assertThat(flaky).hasSize(4).allSatisfy(row -> {
            assertThat(row.status()).isEqualTo(200);
            assertThat(row.attempts()).isGreaterThan(1);
        });
        assertThat(rows(run, "/flaky/2/"))
                .allSatisfy(row -> assertThat(row.attempts()).isEqualTo(3));
        assertThat(rows(run, "/status/503/")).singleElement().satisfies(row -> {
            assertThat(row.status()).isEqualTo(503);
            assertThat(row.attempts()).isEqualTo(DemoCase.RETRY_ATTEMPTS);
        });
        assertThat(rows(run, "/delay/"))
                .allSatisfy(row -> assertThat(row.attempts()).isEqualTo(1));
        assertThat(run.out().replaceAll("\\s+", " ")) // lines wrap to the width
                .contains("then 200; 1 answers 503 every time, which no retry mends");
        assertThat(run.out())
                .contains("TRIES")
                .containsPattern("retries      \\d+ sends again, for 5 requests \\(the most tries: 3\\)")
                .contains("demo --retry --seed 3 --count 20 --median 20ms --baseline");
    }

    @Test
    void withoutRetriesTheSameFailuresAreTheResults() {
        CliRun run = demo("--retry", "--baseline", "--median", "20ms", "--seed", "3");

        assertThat(rows(run, "/flaky/1/status-503/"))
                .isNotEmpty()
                .allSatisfy(row -> assertThat(row.status()).isEqualTo(503));
        assertThat(rows(run, "/flaky/2/status-503/"))
                .isNotEmpty()
                .allSatisfy(row -> assertThat(row.status()).isEqualTo(503));
        assertThat(run.out())
                .contains("with no retries (--baseline)")
                .doesNotContain("up to 3 tries each")
                .contains("demo --retry --seed 3 --count 20 --median 20ms\n");
    }

    @Test
    void hedgingAnswersStalledRequestsBeforeTheirStallEnds() {
        CliRun run = demo("--hedge", "--median", "100ms", "--seed", "5");

        Duration stall = Duration.ofMillis(100 * DemoPlan.STALL_MEDIANS);
        List<Row> hiccups = rows(run, "/hiccup/");
        assertThat(hiccups).hasSize(2).allSatisfy(row -> {
            assertThat(row.status()).isEqualTo(200);
            assertThat(row.hedges()).isEqualTo(1);
            assertThat(row.total()).isLessThan(stall); // the copy answered, not the stalled first request
        });
        assertThat(run.out())
                .contains("stalls 1.20 s")
                .containsPattern("hedges       \\d+ copies sent, each 400 ms after its write without an answer")
                .containsPattern("latency      p50 .*, p90 .*, p99 .*, max ");
    }

    @Test
    void withoutHedgingStalledRequestsWaitTheirStallOut() {
        CliRun run = demo("--hedge", "--baseline", "--median", "100ms", "--seed", "5");

        Duration stall = Duration.ofMillis(100 * DemoPlan.STALL_MEDIANS);
        assertThat(rows(run, "/hiccup/")).hasSize(2).allSatisfy(row -> {
            assertThat(row.status()).isEqualTo(200);
            assertThat(row.hedges()).isZero();
            assertThat(row.total()).isGreaterThanOrEqualTo(stall);
        });
        assertThat(run.out()).doesNotContain("hedges  ").contains("latency      p50 ");
    }

    @Test
    void pacingKeepsEveryRequestUnderTheServersLimit() {
        CliRun run = demo("--rate", "--median", "20ms", "--seed", "8");

        assertThat(run.demo().lastRun().rows())
                .allSatisfy(row -> assertThat(row.status()).isEqualTo(200));
        assertThat(run.out().replaceAll("\\s+", " "))
                .contains("on a server that allows 20 requests a second (a burst of 5) and answers 429 beyond")
                // The first may wait too: the warm-up's requests went to the same origin, paced.
                .containsPattern("rate 20/s per origin, one start every 50 ms: (19|20) of 20 requests waited their "
                        + "turn; none answered 429")
                .contains("requests 20: 20 responses (20 2xx), 0 failed");
    }

    @Test
    void withoutPacingTheServerRefusesMostOfTheBatch() {
        CliRun run = demo("--rate", "--baseline", "--median", "20ms", "--seed", "8");

        List<Integer> statuses = new ArrayList<>();
        run.demo().lastRun().rows().forEach(row -> statuses.add(row.status()));
        assertThat(statuses).contains(429).allSatisfy(s -> assertThat(s).isIn(200, 429));
        assertThat(statuses.stream().filter(s -> s == 200)).hasSizeLessThan(20);
        assertThat(run.out()).doesNotContain("rate   ").containsPattern("\\d+ 429\\)");
    }

    @Test
    void baselineWithoutACaseIsAUsageError() {
        CliRun run = CliRun.run("demo", "--baseline");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("fanout: --baseline: only with --retry, --hedge or --rate");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void theCasesAreAlternatives() {
        CliRun run = CliRun.run("demo", "--retry", "--rate");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("fanout: ").contains("mutually exclusive");
    }

    @Test
    void overHttp2TheRetryPlanHasNoConnectionReset() {
        DemoPlan plan = DemoPlan.of(7, 60, Duration.ofMillis(250), DemoCase.RETRY);
        assertThat(plan.counts()).containsKey(DemoPlan.Kind.FLAKY_RESET);
        DemoPlan h2 = plan.withoutConnectionReset();
        assertThat(h2.counts())
                .doesNotContainKey(DemoPlan.Kind.FLAKY_RESET)
                .containsEntry(
                        DemoPlan.Kind.FLAKY_503,
                        plan.counts().get(DemoPlan.Kind.FLAKY_503)
                                + plan.counts().get(DemoPlan.Kind.FLAKY_RESET));
    }

    @Test
    void helpSaysWhatEachCaseShowsAndHowToCompare() {
        String help = CliRun.run("demo", "--help").out().replaceAll("\\s+", " ");
        assertThat(help)
                .contains("[--retry | --hedge | --rate]")
                .contains("--retry Show retries:")
                .contains("--hedge Show hedging:")
                .contains("--rate Show a rate limit:")
                .contains("--baseline With --retry, --hedge or --rate: the same URLs with the policy off");
    }

    @Test
    void overHttpsTheStalledRequestsAreHedgedToo() {
        // The delay runs from each request's write, so TLS handshakes on a busy machine do not
        // spend the hedging budget on requests still connecting (they did, before: README).
        CliRun run = demo("--hedge", "--https", "--median", "100ms", "--seed", "5");

        assertThat(run.demo().lastRun().rows())
                .allSatisfy(row -> assertThat(row.url()).startsWith("https://"));
        List<Row> hiccups = rows(run, "/hiccup/");
        assertThat(hiccups)
                .hasSize(2)
                .allSatisfy(row -> assertThat(row.status()).isEqualTo(200));
        assertThat(hiccups.stream().mapToInt(Row::hedges).sum()).isPositive();
        assertThat(run.out()).doesNotContain("counts the handshake");
    }
}
