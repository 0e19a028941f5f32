package dev.fanout.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The fan-out workloads' two charts, {@code fanout-walls.png} and {@code fanout-costs.png}: one
 * group of bars per N and server, one bar per client, the median with a whisker from the least to
 * the most of its processes ({@link BarChart}). Stateless.
 */
final class FanOutCharts {

    private FanOutCharts() {}

    /**
     * Draws the charts into {@code dir} from {@code fanOut} (per server, one list of rows per N),
     * if any fan-out workload has ended.
     */
    static void draw(Path dir, Map<String, List<List<FanOutRow>>> fanOut) throws IOException {
        List<String> categories = new ArrayList<>();
        List<FanOutRow[]> columns = new ArrayList<>();
        List<String> series = null;
        for (Map.Entry<String, List<List<FanOutRow>>> server : fanOut.entrySet()) {
            for (List<FanOutRow> rows : server.getValue()) {
                categories.add(
                        String.format(Locale.ROOT, "N = %,d (%s)", rows.get(0).n(), server.getKey()));
                columns.add(rows.toArray(FanOutRow[]::new));
                series = series != null
                        ? series
                        : rows.stream().map(FanOutRow::contender).toList();
            }
        }
        if (series == null) {
            return;
        }
        BarChart.draw(
                dir.resolve("fanout-walls.png"),
                "fan-out: wall ms, median of the processes, whisker min-max (lower is better)",
                List.of(
                        panel("fresh connections, warm JVM (ms)", categories, series, columns, r -> r.wall("fresh")),
                        panel("warm pool (ms)", categories, series, columns, r -> r.wall("warm")),
                        panel("first batch in a fresh JVM (ms)", categories, series, columns, r -> r.wall("cold"))));
        BarChart.draw(
                dir.resolve("fanout-costs.png"),
                "fan-out: costs per process (lower is better)",
                List.of(
                        panel(
                                "CPU ms per 10,000 requests (fresh batch)",
                                categories,
                                series,
                                columns,
                                FanOutRow::cpuMsPer10k),
                        panel("peak RSS (MiB)", categories, series, columns, FanOutRow::rssMib),
                        panel(
                                "heap per in-flight request (bytes; probe batch only)",
                                categories,
                                series,
                                columns,
                                FanOutRow::heapPerRequest),
                        panel("live threads during the batch", categories, series, columns, FanOutRow::threads)));
    }

    private static BarChart.Panel panel(
            String title,
            List<String> categories,
            List<String> series,
            List<FanOutRow[]> columns,
            Function<FanOutRow, Spread> figure) {
        BarChart.Bar[][] bars = new BarChart.Bar[categories.size()][series.size()];
        for (int c = 0; c < columns.size(); c++) {
            for (int s = 0; s < series.size() && s < columns.get(c).length; s++) {
                FanOutRow row = columns.get(c)[s];
                Spread spread = row.measured() ? figure.apply(row) : null;
                if (spread != null) {
                    long[] sorted = spread.values().clone();
                    Arrays.sort(sorted);
                    bars[c][s] = new BarChart.Bar(spread.median(), sorted[0], sorted[sorted.length - 1]);
                }
            }
        }
        return new BarChart.Panel(title, categories, series, bars);
    }
}
