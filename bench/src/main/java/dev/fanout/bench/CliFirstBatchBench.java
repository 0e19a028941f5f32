package dev.fanout.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code fanout} command's first batch beside fanout's warm one: issue 12 asks that the
 * command's first batch take at most 1.5× a warm one, and that the server see at least 95% of a
 * first batch of 1,000 URLs at once. Each of {@code --processes} (5) rounds runs the repository's
 * launcher ({@code ./fanout -q -f URLS}: its JVM options and class archive, a new JVM) over
 * {@code --size} (1,000) URLs a {@link LeanHttpServer} holds {@code --delay-ms} (250) each, and
 * reads the wall time its summary prints and the server's peak of requests held (after two such
 * runs unmeasured, which build the jar if stale and warm the server up); then one
 * {@link FanOutChild} process of {@code fanout} (the library with the default JVM options but
 * {@code -Xmx2g}) over the same URLs: its first batch in a fresh JVM, and after {@code --warmups}
 * (2) batches, or as many as send {@code --warmup-requests} (20,000) requests if that is more
 * ({@link FanOutBench#warmupBatches}), and up to {@code --jit-warmups} (10) more while its JIT
 * still compiles ({@link FanOutChild}), a new client's batch (new connections) and that client's
 * next (a warm pool).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.fanout.bench.CliFirstBatchBench [--size 1000]
 *     [--processes 5] [--warmups 2] [--warmup-requests 20000] [--jit-warmups 10] [--delay-ms 250]
 *     [--port-reuse-wait-ms 1000] [--launcher ./fanout]
 * </pre>
 *
 * <p>The command's wall time runs from the first request handed to the client to the last result
 * (the client is built before); the library's first batch includes building the client, as in
 * {@link FanOutBench}. Run from the repository's root; the launcher builds the command's jar and
 * class archive first if they are stale, in a run that is not measured.
 */
public final class CliFirstBatchBench {

    private static final Pattern WALL = Pattern.compile("^\\s*wall time\\s+([0-9.]+) (ms|s)\\b");
    private static final Pattern REQUESTS = Pattern.compile("^\\s*requests\\s+\\d+: \\d+ responses \\((\\d+) 2xx\\)");

    private CliFirstBatchBench() {}

    /** What the bench measured: its Markdown lines, and whether every answer was right. */
    record Outcome(List<String> lines, boolean right) {}

    public static void main(String[] args) throws Exception {
        Outcome outcome = run(BenchOptions.parse(
                args,
                "[--size 1000] [--processes 5] [--warmups 2] [--warmup-requests 20000] [--jit-warmups 10]"
                        + " [--delay-ms 250] [--port-reuse-wait-ms 1000]"
                        + " [--launcher ./fanout]"));
        outcome.lines().forEach(System.out::println);
        System.exit(outcome.right() ? 0 : 1);
    }

    /** Runs the bench with {@code options}, printing each round as it goes. */
    static Outcome run(BenchOptions options) throws Exception {
        int size = options.number("size", 1000);
        int processes = options.number("processes", 5);
        int warmups = FanOutBench.warmupBatches(options, size);
        long delay = options.longNumber("delay-ms", 250);
        Path launcher = Path.of(options.text("launcher", "fanout")).toAbsolutePath();
        if (!Files.isExecutable(launcher)) {
            return new Outcome(
                    List.of("Skipped: no launcher at " + launcher + " (run from the repository's root)."), true);
        }
        FanOutProcess process = new FanOutProcess(
                "2g",
                null,
                "node",
                "/usr/bin/python3",
                5,
                FanOutProcess.descriptorLimit(),
                FanOutBench.jitWarmups(options));
        Path dir = Files.createTempDirectory("fanout-bench-cli");
        List<Long> commandWalls = new ArrayList<>();
        List<Long> commandPeaks = new ArrayList<>();
        List<Long> launcherMillis = new ArrayList<>();
        List<FanOutSample> library = new ArrayList<>();
        boolean right = true;
        try (FanOutBench.Lean server = new FanOutBench.Lean(FanOutBench.portReuseWait(options))) {
            List<String> urls = server.urls(size, delay);
            Path file = Files.write(dir.resolve("urls.txt"), urls);
            // Not measured: the launcher builds the jar and its class archive if stale, and the
            // server, in this JVM, is warmed up, so that its own first batches are not measured.
            for (int w = 0; w < 2; w++) {
                server.beforeBatch("cold");
                command(launcher, List.of("-q", "-f", file.toString()));
            }
            for (int p = 1; p <= processes; p++) {
                server.beforeBatch("cold");
                long started = System.nanoTime();
                List<String> out = command(launcher, List.of("-q", "-f", file.toString()));
                launcherMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                long peak = server.peak();
                long wall = -1;
                long ok = -1;
                for (String line : out) {
                    Matcher w = WALL.matcher(line);
                    if (w.find()) {
                        double value = Double.parseDouble(w.group(1));
                        wall = Math.round(w.group(2).equals("s") ? value * 1000 : value);
                    }
                    Matcher r = REQUESTS.matcher(line);
                    if (r.find()) {
                        ok = Long.parseLong(r.group(1));
                    }
                }
                if (wall < 0 || ok != size) {
                    right = false;
                    System.out.printf("  command, round %d: WRONG: %d of %d answers were 2xx%n", p, ok, size);
                }
                commandWalls.add(wall);
                commandPeaks.add(peak);
                FanOutSample sample = process.run(
                        "fanout", urls, null, warmups, server.bodyLength(), server::beforeBatch, server::peak);
                library.add(sample);
                System.out.printf(
                        "  round %d of %d: command %d ms (server held %d at once, launcher %d ms); fanout first %d ms,"
                                + " fresh %d ms, warm %d ms (load %s)%n",
                        p,
                        processes,
                        wall,
                        peak,
                        launcherMillis.get(p - 1),
                        sample.wall("cold"),
                        sample.wall("fresh"),
                        sample.wall("warm"),
                        LoadAverage.now());
            }
        } finally {
            Files.deleteIfExists(dir.resolve("urls.txt"));
            Files.delete(dir);
        }
        FanOutRow fanout = new FanOutRow("fanout", size, library, null, null, 0);
        return new Outcome(
                report(size, commandWalls, commandPeaks, launcherMillis, fanout), right && fanout.allRight());
    }

    private static List<String> report(
            int size, List<Long> commandWalls, List<Long> commandPeaks, List<Long> launcher, FanOutRow fanout) {
        Spread command = spread(commandWalls);
        Spread fresh = fanout.wall("fresh");
        List<String> lines = new ArrayList<>();
        lines.add("| batch of " + String.format(Locale.ROOT, "%,d", size)
                + " | wall ms | × fanout's warm JVM, new connections | server's peak held |");
        lines.add("|---|---|---|---|");
        lines.add(row(
                "`fanout -q -f urls.txt`: the command's first and only batch", command, fresh, spread(commandPeaks)));
        lines.add(row(
                "fanout, first batch in a fresh JVM (building the client included)",
                fanout.wall("cold"),
                fresh,
                fanout.serverPeak("cold")));
        lines.add(row("fanout, warm JVM, new connections", fresh, fresh, fanout.serverPeak("fresh")));
        lines.add(row("fanout, warm JVM, warm pool", fanout.wall("warm"), fresh, fanout.serverPeak("warm")));
        lines.add("");
        double ratio = (double) command.median() / fresh.median();
        long fewest = commandPeaks.stream().mapToLong(Long::longValue).min().orElse(0);
        lines.add(String.format(
                Locale.ROOT,
                "- The command's first batch took %.2f× fanout's warm batch on new connections (medians; issue 12's"
                        + " target: at most 1.5×): %s.",
                ratio,
                ratio <= 1.5 ? "met" : "**not met**"));
        lines.add(String.format(
                Locale.ROOT,
                "- The server held at least %,d of the command's %,d requests at once in every round (%.1f%%;"
                        + " target: at least 95%%): %s.",
                fewest,
                size,
                100.0 * fewest / size,
                fewest >= 0.95 * size ? "met" : "**not met**"));
        lines.add("- The whole launcher, JVM start to exit: " + spread(launcher).text() + " ms.");
        return lines;
    }

    private static String row(String what, Spread wall, Spread fresh, Spread peak) {
        return String.format(
                Locale.ROOT,
                "| %s | %s | %.2f | %s |",
                what,
                wall.text(),
                (double) wall.median() / fresh.median(),
                peak.text());
    }

    private static Spread spread(List<Long> values) {
        return Spread.of(values.stream().mapToLong(Long::longValue).toArray());
    }

    /** Runs the launcher with {@code arguments} and returns its standard output; fails if it fails. */
    private static List<String> command(Path launcher, List<String> arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command)
                .directory(launcher.getParent().toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        }
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(launcher + " " + String.join(" ", arguments) + " failed");
        }
        return lines;
    }
}
