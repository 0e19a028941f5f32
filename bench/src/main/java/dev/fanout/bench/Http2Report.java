package dev.fanout.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The HTTP/2 fan-out bench's figures for one origin and N, and their tables in Markdown, for the
 * console and for {@code RESULTS.md}: each client's wall time (median and min–max over its
 * measured batches, one per process in AllBench's run), its ratio to fanout's and to the delay,
 * its failed requests, and what the server counted; then every kind of failure with its count.
 * Immutable once built.
 *
 * @param server the origin's name, for example {@code nginx}
 * @param n the URLs per batch
 * @param delayMillis how long the server held each request
 * @param measured each client's measured batches, in the order the clients ran
 * @param failedProcesses per client, the first failed process's error, where one failed
 * @param loadBefore the 1-minute load average as the first client started
 * @param loadAfter the same as the last one ended
 */
record Http2Report(
        String server,
        int n,
        long delayMillis,
        Map<String, List<Http2BatchResult>> measured,
        Map<String, String> failedProcesses,
        String loadBefore,
        String loadAfter) {

    /** Returns whether fanout's batches had no failed request and none of its processes failed. */
    boolean fanoutRight() {
        return !failedProcesses.containsKey("fanout")
                && measured.getOrDefault("fanout", List.of()).stream()
                        .allMatch(batch -> batch.outcome().failed() == 0);
    }

    /** Returns the table and the failures under it. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        long fanoutWall = measured.containsKey("fanout")
                        && !measured.get("fanout").isEmpty()
                ? spread(measured.get("fanout"), Http2BatchResult::wallMillis).median()
                : 0;
        lines.add("| client | wall ms | × fanout's | wall ÷ " + delayMillis + " ms | failed requests per batch"
                + " | connections opened per batch | requests the server saw | server's peak of requests held at"
                + " once | peak on one connection |");
        lines.add("|---|---|---|---|---|---|---|---|---|");
        measured.forEach((contender, batches) -> {
            if (batches.isEmpty()) {
                lines.add("| " + contender + " | failed: " + failedProcesses.get(contender) + " ||||||||");
                return;
            }
            long wall = spread(batches, Http2BatchResult::wallMillis).median();
            lines.add(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %.2f | %s | %s | %s | %s | %s |",
                    contender,
                    text(batches, Http2BatchResult::wallMillis),
                    fanoutWall > 0 ? String.format(Locale.ROOT, "%.2f", (double) wall / fanoutWall) : "-",
                    (double) wall / delayMillis,
                    text(batches, batch -> batch.outcome().failed()),
                    text(batches, batch -> batch.server().connectionsOpened()),
                    text(batches, batch -> batch.server().requests()),
                    text(batches, batch -> batch.server().peakStreams()),
                    text(batches, batch -> batch.server().peakStreamsOnOneConnection())));
        });
        measured.forEach((contender, batches) -> {
            if (failedProcesses.containsKey(contender) && !batches.isEmpty()) {
                lines.add("");
                lines.add("- " + contender + ": a process failed (the table has the others): "
                        + failedProcesses.get(contender));
            }
            BatchOutcome sum = batches.stream()
                    .map(Http2BatchResult::outcome)
                    .reduce(BatchOutcome::plus)
                    .orElse(null);
            if (sum != null && sum.failed() > 0) {
                lines.add("");
                lines.add(String.format(
                        Locale.ROOT,
                        "- %s: %,d of %,d requests failed in %d batches:",
                        contender,
                        sum.failed(),
                        sum.requests(),
                        batches.size()));
                sum.failures().entrySet().stream()
                        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                        .forEach(failure -> lines.add(
                                String.format(Locale.ROOT, "  - %,d × %s", failure.getValue(), failure.getKey())));
            }
            if (batches.stream()
                    .anyMatch(batch -> batch.server().http2Requests() >= 0
                            && batch.server().http2Requests() != batch.server().requests())) {
                lines.add("");
                lines.add("- " + contender + ": the server saw requests that were not HTTP/2");
            }
        });
        return lines;
    }

    /** Returns one line per client with a failed request or process, for the list of failures. */
    List<String> failures() {
        List<String> lines = new ArrayList<>();
        measured.forEach((contender, batches) -> {
            long failed = batches.stream()
                    .mapToLong(batch -> batch.outcome().failed())
                    .max()
                    .orElse(0);
            String where = String.format(Locale.ROOT, "- %s at N = %,d over HTTP/2 (%s): ", contender, n, server);
            if (failed > 0) {
                lines.add(where + String.format(Locale.ROOT, "%,d of %,d right in its worst batch", n - failed, n));
            }
            if (failedProcesses.containsKey(contender)) {
                lines.add(where + "a process failed: " + failedProcesses.get(contender));
            }
        });
        return lines;
    }

    /**
     * Draws the wall times and the connections opened per batch of {@code reports} as one chart;
     * the failed requests are in the tables (a panel of them is mostly zeros).
     */
    static void chart(Path png, List<Http2Report> reports) throws IOException {
        if (reports.isEmpty()) {
            return;
        }
        List<String> categories = new ArrayList<>();
        List<String> series = new ArrayList<>(reports.get(0).measured().keySet());
        BarChart.Bar[][] walls = new BarChart.Bar[reports.size()][series.size()];
        BarChart.Bar[][] connections = new BarChart.Bar[reports.size()][series.size()];
        for (int c = 0; c < reports.size(); c++) {
            Http2Report report = reports.get(c);
            categories.add(String.format(Locale.ROOT, "N = %,d (%s)", report.n(), report.server()));
            for (int s = 0; s < series.size(); s++) {
                List<Http2BatchResult> batches = report.measured().getOrDefault(series.get(s), List.of());
                if (!batches.isEmpty()) {
                    walls[c][s] = bar(spread(batches, Http2BatchResult::wallMillis));
                    connections[c][s] =
                            bar(spread(batches, batch -> batch.server().connectionsOpened()));
                }
            }
        }
        BarChart.draw(
                png,
                "fan-out over HTTP/2 to one origin: median of the processes, whisker min-max (lower is better)",
                List.of(
                        new BarChart.Panel("wall ms", categories, series, walls),
                        new BarChart.Panel("connections opened per batch", categories, series, connections)));
    }

    /** Returns an empty report to fill, its clients in {@code contenders}' order. */
    static Http2Report start(String server, int n, long delayMillis, List<String> contenders, String loadBefore) {
        Map<String, List<Http2BatchResult>> measured = new LinkedHashMap<>();
        contenders.forEach(contender -> measured.put(contender, new ArrayList<>()));
        return new Http2Report(server, n, delayMillis, measured, new LinkedHashMap<>(), loadBefore, "?");
    }

    /** Returns this report with the load average as its last client ended. */
    Http2Report ended(String load) {
        return new Http2Report(server, n, delayMillis, measured, failedProcesses, loadBefore, load);
    }

    private static BarChart.Bar bar(Spread spread) {
        long[] values = spread.values();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new BarChart.Bar(spread.median(), min, max);
    }

    private static Spread spread(List<Http2BatchResult> batches, ToLongFunction<Http2BatchResult> value) {
        return Spread.of(batches.stream().mapToLong(value).toArray());
    }

    /** Returns {@code median (min–max)}, or "-" when the server could not count it. */
    private static String text(List<Http2BatchResult> batches, ToLongFunction<Http2BatchResult> value) {
        Spread spread = spread(batches, value);
        return batches.stream().mapToLong(value).min().orElse(-1) < 0 ? "-" : spread.text();
    }
}
