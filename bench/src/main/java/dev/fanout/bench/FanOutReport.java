package dev.fanout.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The fan-out bench's tables, in Markdown, for the console and for {@code RESULTS.md}: per N,
 * each client's wall times in the three variants with their ratios to fanout's, and its costs.
 * A ratio under 1.00 is a client faster than fanout, and says so.
 */
final class FanOutReport {

    private FanOutReport() {}

    /** Returns the wall-time table of one N's rows: medians (min–max) over the processes. */
    static List<String> walls(List<FanOutRow> rows, long delayMillis) {
        List<String> lines = new ArrayList<>();
        lines.add("| client | fresh connections, warm JVM: ms | its rounds ms | × fanout | right answers (fewest)"
                + " | warm pool: ms | × fanout | first batch, fresh JVM: ms | × fanout | fresh ÷ " + delayMillis
                + " ms | server's peak held (fresh) | server's peak held (first batch) |");
        lines.add("|---|---|---|---|---|---|---|---|---|---|---|---|");
        FanOutRow fanout = rows.stream()
                .filter(r -> r.contender().equals("fanout") && r.measured())
                .findFirst()
                .orElse(null);
        for (FanOutRow row : rows) {
            if (!row.measured()) {
                lines.add("| " + row.contender() + " | "
                        + (row.skipped() != null ? "skipped: " + row.skipped() : "failed: " + row.failure())
                        + " ||||||||||");
                continue;
            }
            Spread fresh = row.wall("fresh");
            lines.add(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %.2f | %s | %s |",
                    row.contender(),
                    fresh.text(),
                    rounds(row),
                    ratio(row, fanout, "fresh"),
                    row.fewestOk() == row.n()
                            ? String.format("%,d", row.n())
                            : String.format("**%,d of %,d**", row.fewestOk(), row.n()),
                    row.wall("warm").text(),
                    ratio(row, fanout, "warm"),
                    row.wall("cold").text(),
                    ratio(row, fanout, "cold"),
                    (double) fresh.median() / delayMillis,
                    row.serverPeak("fresh").text(),
                    row.serverPeak("cold").text()));
        }
        for (FanOutRow row : rows) {
            if (row.measured() && row.failure() != null) {
                // The processes that ended well are in the table; the run still fails.
                lines.add("");
                lines.add("- " + row.contender() + ": a process failed (the table has "
                        + row.samples().size() + " of them): " + row.failure());
            }
        }
        return lines;
    }

    /**
     * Returns, as Markdown bullets, every row of {@code rows} with a wrong answer or a failed
     * process ("node-fetch at N = 10,000: 9,982 of 10,000 right in its worst batch"); none when
     * every answer was right.
     */
    static List<String> failures(List<FanOutRow> rows) {
        List<String> lines = new ArrayList<>();
        for (FanOutRow row : rows) {
            if (row.allRight()) {
                continue;
            }
            String where = String.format(Locale.ROOT, "- %s at N = %,d: ", row.contender(), row.n());
            if (row.measured() && row.fewestOk() < row.n()) {
                lines.add(where
                        + String.format(Locale.ROOT, "%,d of %,d right in its worst batch", row.fewestOk(), row.n()));
            }
            if (row.failure() != null) {
                lines.add(where + row.failedProcesses() + " of "
                        + (row.failedProcesses() + row.samples().size()) + " processes failed, the first with: "
                        + row.failure());
            }
        }
        return lines;
    }

    /**
     * Returns the memory table over every N of {@code perN}: the peak RSS of fanout with the
     * default JVM options, of fanout with {@link Contender#SMALL_HEAP_OPTIONS}, and of aiohttp,
     * with whether the small-heap fanout's median is at most aiohttp's (issue 12's memory target).
     */
    static List<String> memory(List<List<FanOutRow>> perN) {
        List<String> lines = new ArrayList<>();
        lines.add("| N | fanout, default options but " + String.join(" ", FanOutProcess.heapOptions("2g"))
                + ": peak RSS MiB | fanout, "
                + String.join(" ", Contender.SMALL_HEAP_OPTIONS)
                + ": peak RSS MiB | aiohttp: peak RSS MiB | fanout (" + Contender.SMALL_HEAP_OPTIONS.get(0)
                + ") ≤ aiohttp? |");
        lines.add("|---|---|---|---|---|");
        for (List<FanOutRow> rows : perN) {
            Spread fanout = rss(rows, "fanout");
            Spread small = rss(rows, Contender.SMALL_HEAP_FANOUT);
            Spread aiohttp = rss(rows, "aiohttp");
            String verdict = "-";
            if (small != null && aiohttp != null) {
                double ratio = (double) small.median() / Math.max(1, aiohttp.median());
                verdict = String.format(
                        Locale.ROOT, small.median() <= aiohttp.median() ? "yes (%.2f×)" : "**no** (%.2f×)", ratio);
            }
            lines.add(String.format(
                    Locale.ROOT,
                    "| %,d | %s | %s | %s | %s |",
                    rows.get(0).n(),
                    fanout == null ? "-" : fanout.text(),
                    small == null ? "-" : small.text(),
                    aiohttp == null ? "-" : aiohttp.text(),
                    verdict));
        }
        return lines;
    }

    private static Spread rss(List<FanOutRow> rows, String contender) {
        return rows.stream()
                .filter(r -> r.contender().equals(contender) && r.measured())
                .map(FanOutRow::rssMib)
                .findFirst()
                .orElse(null);
    }

    /** Returns the cost table of one N's rows. */
    static List<String> costs(List<FanOutRow> rows) {
        List<String> lines = new ArrayList<>();
        lines.add("| client | version | CPU s per 10,000 requests (fresh batch) | peak RSS MiB"
                + " | heap per in-flight request, KiB | held at once in the probe | live threads during the batch"
                + " | warm-up batches | JIT's compile ms in the fresh batch |");
        lines.add("|---|---|---|---|---|---|---|---|---|");
        for (FanOutRow row : rows) {
            if (!row.measured()) {
                continue;
            }
            long[] cpu = row.cpuMsPer10k().values();
            Spread heap = row.heapPerRequest();
            Spread warmups = row.warmups();
            Spread jit = row.freshJitMs();
            lines.add(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %s | %s | %s | %s |",
                    row.contender(),
                    row.version(),
                    seconds(cpu),
                    row.rssMib().text(),
                    heap == null ? "-" : kib(heap.values()),
                    heap == null ? "-" : row.serverPeak("probe").text(),
                    row.threads().text(),
                    warmups == null ? "-" : warmups.text(),
                    jit == null ? "-" : jit.text()));
        }
        return lines;
    }

    /** Returns {@code row}'s median ÷ fanout's for {@code variant}, marked when the peer is faster. */
    static String ratio(FanOutRow row, FanOutRow fanout, String variant) {
        if (fanout == null) {
            return "-";
        }
        double ratio =
                (double) row.wall(variant).median() / fanout.wall(variant).median();
        String text = String.format(Locale.ROOT, "%.2f", ratio);
        return ratio < 1 && !row.isFanout() ? text + " (faster than fanout)" : text;
    }

    private static String rounds(FanOutRow row) {
        return String.join(
                ",",
                row.samples().stream().map(s -> String.valueOf(s.wall("fresh"))).toList());
    }

    /** Returns milliseconds as seconds, {@code median (min–max)}, to two places. */
    private static String seconds(long[] millis) {
        Spread s = Spread.of(millis);
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        return String.format(
                Locale.ROOT,
                "%.2f (%.2f–%.2f)",
                s.median() / 1000.0,
                sorted[0] / 1000.0,
                sorted[sorted.length - 1] / 1000.0);
    }

    /** Returns bytes as KiB, {@code median (min–max)}, to one place. */
    private static String kib(long[] bytes) {
        long[] sorted = bytes.clone();
        Arrays.sort(sorted);
        return String.format(
                Locale.ROOT,
                "%.1f (%.1f–%.1f)",
                sorted[sorted.length / 2] / 1024.0,
                sorted[0] / 1024.0,
                sorted[sorted.length - 1] / 1024.0);
    }

    /**
     * Returns, as Markdown bullets, every figure of {@code rows} where a peer did better than
     * fanout: a shorter median wall in a variant, less CPU per request, a smaller peak RSS or heap
     * per request; or a line saying there was none.
     */
    static List<String> behind(List<FanOutRow> rows) {
        FanOutRow fanout = rows.stream()
                .filter(r -> r.contender().equals("fanout") && r.measured())
                .findFirst()
                .orElse(null);
        List<String> lines = new ArrayList<>();
        if (fanout == null) {
            return lines;
        }
        String[][] variants = {{"fresh", "fresh connections"}, {"warm", "warm pool"}, {"cold", "first batch"}};
        for (FanOutRow row : rows) {
            if (row.isFanout() || !row.measured()) {
                continue;
            }
            for (String[] v : variants) {
                better(lines, row, v[1] + " wall ms", row.wall(v[0]), fanout.wall(v[0]));
            }
            better(lines, row, "CPU ms per 10,000 requests", row.cpuMsPer10k(), fanout.cpuMsPer10k());
            better(lines, row, "peak RSS MiB", row.rssMib(), fanout.rssMib());
            if (row.heapPerRequest() != null && fanout.heapPerRequest() != null) {
                better(lines, row, "heap bytes per in-flight request", row.heapPerRequest(), fanout.heapPerRequest());
            }
        }
        if (lines.isEmpty()) {
            lines.add("fanout's medians are the lowest on every figure above at this N.");
        } else {
            lines.add(0, "**Where fanout is behind** (a peer's median lower than fanout's):");
            lines.add(1, "");
        }
        return lines;
    }

    private static void better(List<String> lines, FanOutRow row, String figure, Spread peer, Spread fanout) {
        if (peer.median() < fanout.median()) {
            lines.add(String.format(
                    Locale.ROOT,
                    "- %s, %s: %,d against fanout's %,d (%.2f×)",
                    row.contender(),
                    figure,
                    peer.median(),
                    fanout.median(),
                    (double) peer.median() / Math.max(1, fanout.median())));
        }
    }
}
