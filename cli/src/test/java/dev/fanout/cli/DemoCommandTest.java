package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.client.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The demo, run in-process on its embedded server, small and fast: 20 URLs, 40 ms median (at
 * most 240 ms). The timeout, which the never-answering URL always costs, leaves room for a
 * loaded machine: the outcomes must be the planned ones.
 */
class DemoCommandTest {

    private static final String[] SMALL = {"demo", "--count", "20", "--median", "40ms", "--timeout", "1500ms"};

    private static CliRun demo(String... more) {
        String[] args = Stream.concat(Arrays.stream(SMALL), Arrays.stream(more)).toArray(String[]::new);
        return CliRun.run(args);
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("'%s' in:%n%s", regex, text).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static double seconds(String text, String label) {
        Matcher m = Pattern.compile(label + "\\s+([0-9.]+) (ms|s)").matcher(text);
        assertThat(m.find()).as("'%s' in:%n%s", label, text).isTrue();
        double value = Double.parseDouble(m.group(1));
        return m.group(2).equals("ms") ? value / 1000 : value;
    }

    @Test
    void theDemoRunsAndItsSummaryAgreesWithTheClientsResults() {
        CliRun run = demo("--seed", "11");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        List<Result> results = run.demo().lastRun().results();
        assertThat(results).hasSize(20);

        // Recompute from the client's own results, not from the command's rows.
        double sum = results.stream().mapToLong(r -> r.elapsed().toNanos()).sum() / 1e9;
        double lastEnd = results.stream()
                        .mapToLong(r -> r.timings().start().plus(r.elapsed()).toNanos())
                        .max()
                        .orElseThrow()
                / 1e9;
        long failed = results.stream().filter(r -> r.error() != null).count();
        Result slowest =
                results.stream().max(Comparator.comparing(Result::elapsed)).orElseThrow();

        String out = run.out();
        double printedWall = seconds(out, "wall time");
        double printedSum = seconds(out, "sum of times");
        double printedOverlap = number(out, "overlap\\s+([0-9.]+)x");
        assertThat(printedSum).isCloseTo(sum, within(0.01));
        assertThat(printedWall).isBetween(lastEnd - 0.01, lastEnd + 0.3);
        assertThat(printedOverlap).isCloseTo(printedSum / printedWall, within(0.15));
        assertThat(out).contains("requests     20: " + (20 - failed) + " responses");
        assertThat(out).containsPattern("slowest\\s+#" + slowest.index() + " ");
        // The client's contract: one loop thread, whatever N, and the JVM's one watchdog if no
        // other loop had started it. Counted, not assumed.
        assertThat(out.replaceAll("\\s+", " ")) // the line wraps to the terminal's width
                .containsPattern("threads 1 thread added to the JVM while the client ran \\(fanout-loop-\\d+\\)"
                        + "(, plus fanout-watchdog \\(one per JVM, for every loop\\))?;");
        assertThat(out).contains("all 20 as planned");
    }

    @Test
    void theDemoShowsATableAWaterfallAndASummaryThatFitTheWidth() {
        CliRun run = demo("--seed", "5");
        assertThat(run.out())
                .contains("  #  URL")
                .contains("waterfall:")
                .contains("summary")
                .contains("TIMEOUT")
                .contains("CLOSED")
                .contains("503")
                .contains("/dribble/");
        assertThat(run.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(100));
        assertThat(run.out()).doesNotContain("\u001B[");
    }

    @Test
    void theSameSeedGivesTheSameUrlsAndOutcomes() {
        List<String> first = urlsAndOutcomes(demo("--seed", "42"));
        List<String> second = urlsAndOutcomes(demo("--seed", "42"));
        List<String> other = urlsAndOutcomes(demo("--seed", "43"));
        assertThat(first).hasSize(20).isEqualTo(second).isNotEqualTo(other);
    }

    private static List<String> urlsAndOutcomes(CliRun run) {
        return run.demo().lastRun().rows().stream()
                .map(row -> Labels.of(run.demo().lastRun().rows()).of(row) + " " + row.outcome())
                .toList();
    }

    @Test
    void sequentialFetchesTheSameUrlsOneAfterAnotherWithNoOverlap() {
        CliRun run = demo("--seed", "9", "--sequential");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        List<Row> rows = run.demo().lastRun().rows();
        for (int i = 1; i < rows.size(); i++) {
            assertThat(rows.get(i).timings().start())
                    .isGreaterThanOrEqualTo(rows.get(i - 1).end());
        }
        assertThat(number(run.out(), "overlap\\s+([0-9.]+)x")).isBetween(0.8, 1.05);
        assertThat(run.out()).contains("one after another");
    }

    @Test
    void jsonLinesCarryEveryResultAndNothingElse() throws Exception {
        CliRun run = demo("--seed", "3", "--json", "--body");
        ObjectMapper mapper = new ObjectMapper();
        List<String> lines = run.lines();
        assertThat(lines).hasSize(20);
        for (int i = 0; i < lines.size(); i++) {
            JsonNode json = mapper.readTree(lines.get(i));
            assertThat(json.get("index").asInt()).isEqualTo(i);
            assertThat(json.fieldNames())
                    .toIterable()
                    .containsExactly(
                            "index",
                            "method",
                            "url",
                            "status",
                            "error",
                            "message",
                            "timings",
                            "size",
                            "protocol",
                            "attempts",
                            "hedges",
                            "body");
            Result result = run.demo().lastRun().results().get(i);
            if (result.error() == null) {
                assertThat(json.get("status").asInt()).isEqualTo(result.status());
                assertThat(json.get("body").asText()).isEqualTo(result.bodyAsString());
                assertThat(json.get("size").asInt()).isEqualTo(result.response().body().length);
            } else {
                assertThat(json.get("error").asText())
                        .isEqualTo(result.error().kind().name());
                assertThat(json.get("message").asText())
                        .contains(result.request().url());
            }
            assertThat(json.get("timings").get("total").asDouble())
                    .isCloseTo(result.elapsed().toNanos() / 1e6, within(0.001));
        }
    }

    @Test
    void overHttpsEveryUrlIsFetchedAndTheHintKeepsHttps() {
        // Seven URLs: delays only, no never-answering one, so a long timeout costs nothing when
        // TLS handshakes are fast, and absorbs them when the machine is loaded.
        CliRun run =
                CliRun.run("demo", "--count", "7", "--median", "20ms", "--timeout", "10s", "--seed", "4", "--https");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.demo().lastRun().rows())
                .hasSize(7)
                .allSatisfy(row -> assertThat(row.url()).startsWith("https://"))
                .allSatisfy(row -> assertThat(row.status()).isEqualTo(200));
        assertThat(run.out()).contains("--seed 4 --count 7 --median 20ms --https --sequential");
    }

    @Test
    void aCountBelowOneIsAUsageError() {
        CliRun run = CliRun.run("demo", "--count", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--count: 0 (expected: 1 to 100000)");
    }

    @Test
    void anOutcomeOtherThanPlannedIsNamedWithItsMessage() {
        DemoPlan plan = DemoPlan.of(1, 8, Duration.ofMillis(10));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            rows.add(TestRows.ok(i, "http://127.0.0.1:1/p/" + i, 0, 0, 0, 10, 0));
        }
        List<String> surprises = DemoCommand.surprises(plan, rows);
        assertThat(surprises)
                .hasSize(3)
                .anySatisfy(s -> assertThat(s).endsWith(": planned TIMEOUT, got 200"))
                .anySatisfy(s -> assertThat(s).endsWith(": planned CLOSED, got 200"))
                .anySatisfy(s -> assertThat(s).endsWith(": planned 503, got 200"));
        rows.set(0, TestRows.failed(0, "http://127.0.0.1:1/p/0", "TIMEOUT", 0, 10));
        assertThat(DemoCommand.surprises(plan, rows))
                .anySatisfy(s -> assertThat(s)
                        .startsWith("#0 /p/0: planned ")
                        .endsWith(", got TIMEOUT http://127.0.0.1:1/p/0: no complete response within 10 ms"
                                + " (while waiting for the response)"));
    }

    @Test
    void thePlanIsDrawnFromTheSeedAlone() {
        DemoPlan a = DemoPlan.of(7, 60, Duration.ofMillis(250));
        assertThat(a).isEqualTo(DemoPlan.of(7, 60, Duration.ofMillis(250)));
        assertThat(a.counts())
                .containsEntry(DemoPlan.Kind.SLOW_BODY, 3)
                .containsEntry(DemoPlan.Kind.STATUS_503, 1)
                .containsEntry(DemoPlan.Kind.RESET, 1)
                .containsEntry(DemoPlan.Kind.NEVER, 1)
                .containsEntry(DemoPlan.Kind.DELAY, 54);
        assertThat(a.entries())
                .filteredOn(e -> e.kind() == DemoPlan.Kind.DELAY)
                .allSatisfy(e -> assertThat(e.duration()).isBetween(Duration.ofMillis(50), Duration.ofMillis(1500)));
        assertThat(DemoPlan.of(7, 5, Duration.ofMillis(250)).counts()).containsOnlyKeys(DemoPlan.Kind.DELAY);
    }
}
