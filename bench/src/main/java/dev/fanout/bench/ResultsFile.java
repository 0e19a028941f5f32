package dev.fanout.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link AllBench} gathers, written out as {@code RESULTS.md} (the machine, the JDK, every
 * peer's version, the date, the exact commands, the load average around each workload, every
 * table, and where fanout is behind) with {@code fanout-walls.png}, {@code fanout-costs.png},
 * {@code http2.png}, {@code throughput.png} and {@code tail.png} beside it. Not thread-safe: the
 * bench's main thread fills it.
 */
final class ResultsFile {

    /** A 1-minute load average above this at a workload's start marks the results as taken under load. */
    private static final double QUIET = 1.0;

    private final boolean quick;
    private final String command;
    private final Instant started = Instant.now();
    private final List<String> commands = new ArrayList<>();
    private final List<String> loads = new ArrayList<>();
    private final Map<String, List<List<FanOutRow>>> fanOut = new LinkedHashMap<>();
    private final ThroughputResults throughput = new ThroughputResults();
    private final List<String> cli = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final List<Http2Report> http2 = new ArrayList<>();
    private String http2Skipped;
    private TailBench.Outcome tail;
    private final long estimateSeconds;
    private final EarlierResults earlier;
    private Instant workloadStarted;
    private long overflowsBefore;
    private double highestStartLoad;

    /**
     * Starts the file of a run; {@code earlier} (null unless the run is resumed with
     * {@code --from}) gives the workloads before the one it starts with.
     */
    ResultsFile(boolean quick, String command, long estimateSeconds, EarlierResults earlier) {
        this.quick = quick;
        this.command = command;
        this.estimateSeconds = estimateSeconds;
        this.earlier = earlier;
    }

    /** Returns true if this run measures {@code workload} (false: an earlier run's figures are kept). */
    private boolean runs(EarlierResults.Workload workload) {
        return earlier == null || earlier.from().runs(workload);
    }

    /** Returns the seconds since this run started. */
    long elapsedSeconds() {
        return Duration.between(started, Instant.now()).toSeconds();
    }

    /** Adds one N's HTTP/2 figures, and its failures to the list of them. */
    void http2(Http2Report report) {
        http2.add(report);
        failures.addAll(report.failures());
    }

    /** Notes why the HTTP/2 workload did not run. */
    void http2Skipped(String why) {
        http2Skipped = why;
    }

    /** Keeps CliFirstBatchBench's table and verdicts. */
    void cli(List<String> lines) {
        cli.clear();
        cli.addAll(lines);
    }

    /** Keeps TailBench's tables and chart, and adds its wrong answers to the list of them. */
    void tail(TailBench.Outcome outcome) {
        tail = outcome;
        outcome.wrong().forEach(wrong -> failures.add("- " + wrong + EarlierResults.Workload.TAIL.failureMark()));
    }

    /** Adds a command the run ran (a workload's bench), in the order run. */
    void command(String text) {
        commands.add(text);
    }

    /** Notes the load average as {@code workload} starts, and how long it should take. */
    void loadBefore(String workload, long estimate) {
        workloadStarted = Instant.now();
        overflowsBefore = ListenQueue.overflows();
        String load = LoadAverage.now();
        try {
            highestStartLoad = Math.max(highestStartLoad, Double.parseDouble(load.split(" ")[0]));
        } catch (NumberFormatException e) {
            highestStartLoad = Double.NaN; // no /proc/loadavg: unknown
        }
        loads.add("| " + workload + " | " + RunEstimate.text(estimate) + " | " + load + " |");
    }

    /** Notes the load average as the workload last started ends, and what it took. */
    void loadAfter() {
        String took = RunEstimate.text(
                Duration.between(workloadStarted, Instant.now()).toSeconds());
        loads.set(
                loads.size() - 1,
                loads.get(loads.size() - 1) + " " + LoadAverage.now() + " | " + took
                        + ListenQueue.since(overflowsBefore) + " |");
    }

    /** Adds one N's rows measured against {@code server} ({@code lean} or {@code wiremock}). */
    void fanOut(String server, List<FanOutRow> rows) {
        fanOut.computeIfAbsent(server, s -> new ArrayList<>()).add(rows);
    }

    /** Adds a line (a Markdown bullet) to the list of wrong answers and failed processes. */
    void failure(String line) {
        failures.add(line);
    }

    /** Keeps ThroughputBench's tables from its output, and its wrong answers in the list of them. */
    void throughputLine(String line) {
        String failure = throughput.throughputLine(line);
        if (failure != null) {
            failures.add(failure);
        }
    }

    /** Keeps JMH's summary table from its output. */
    void jmhLine(String line) {
        throughput.jmhLine(line);
    }

    /** Writes RESULTS.md and the charts into {@code dir}, made first if it does not exist. */
    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> md = new ArrayList<>();
        md.add("# fanout beside its peers: results" + (quick ? " (quick subset: a check, not figures to quote)" : ""));
        md.add("");
        String run = started.truncatedTo(ChronoUnit.SECONDS) + " to "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " UTC: " + RunEstimate.text(elapsedSeconds())
                + ", announced " + RunEstimate.text(estimateSeconds) + " for a quiet machine";
        md.add("Written by `AllBench` (" + (earlier == null ? run : earlier.provenance(run))
                + "); bench/README.md says what each figure is.");
        md.add("");
        double highest = earlier == null ? highestStartLoad : Math.max(highestStartLoad, earlier.highestStartLoad());
        if (!(highest <= QUIET)) {
            md.add("**Measured under load**: the 1-minute load average was up to " + highest
                    + " as a workload started (" + Runtime.getRuntime().availableProcessors()
                    + " cores), so other work shared the machine; the spreads are wide and single figures mean"
                    + " little. Compare within this file, as ratios, and re-run on a quiet machine before quoting.");
            md.add("");
        }
        int largest = fanOut.getOrDefault("lean", List.of()).stream() // WireMock's queue is its own
                .mapToInt(rows -> rows.get(0).n())
                .max()
                .orElse(0);
        String shortQueue = ListenQueue.warning(largest);
        if (shortQueue != null) {
            md.add("**Accept queue shorter than a batch**: " + shortQueue + ". The load table below counts the"
                    + " connections the kernel dropped.");
            md.add("");
        }
        md.add("## Wrong answers and failed processes");
        md.add("");
        List<String> listed = new ArrayList<>(earlier == null ? List.of() : earlier.failures());
        listed.addAll(failures);
        if (listed.isEmpty()) {
            md.add("None: every answer every client got was right, and every process ended well.");
        } else {
            md.add("A peer's are results, shown in its row and listed here; fanout's fail the run (exit 1).");
            md.add("");
            md.addAll(listed);
        }
        md.add("");
        md.add("## Machine");
        md.add("");
        md.addAll(Machine.describe());
        md.add("");
        md.add("| workload | announced | load average at its start (1, 5, 15 min) | and at its end | took"
                + " (and the kernel's listen-queue overflows meanwhile: ListenQueue) |");
        md.add("|---|---|---|---|---|");
        if (earlier != null) {
            md.addAll(earlier.loads());
        }
        md.addAll(loads);
        md.add("");
        md.add("## Commands");
        md.add("");
        md.add("```");
        md.add(command.strip());
        if (earlier != null) {
            md.add(earlier.runs().size() == 1 ? "# resumed from the run of:" : "# resumed from the runs of:");
            md.addAll(earlier.commandsOfRuns());
        }
        md.add("# which ran:");
        if (earlier != null) {
            md.addAll(earlier.commands());
        }
        md.addAll(commands);
        md.add("```");
        if (earlier != null) {
            md.add("");
            md.addAll(earlier.sections());
        }
        if (runs(EarlierResults.Workload.FAN_OUT)) {
            fanOutSections(md);
        }
        if (runs(EarlierResults.Workload.HTTP2)) {
            http2Section(md);
        }
        if (runs(EarlierResults.Workload.CLI)) {
            cliSection(md);
        }
        if (runs(EarlierResults.Workload.THROUGHPUT)) {
            throughput.sections(md);
        }
        tailSection(md);
        Files.write(dir.resolve("RESULTS.md"), md);
        FanOutCharts.draw(dir, fanOut);
        throughput.chart(dir.resolve("throughput.png"));
        Http2Report.chart(dir.resolve("http2.png"), http2);
        if (tail != null) {
            tail.chart(dir.resolve("tail.png"));
        }
    }

    private void fanOutSections(List<String> md) {
        for (Map.Entry<String, List<List<FanOutRow>>> server : fanOut.entrySet()) {
            md.add("");
            md.add(
                    server.getKey().equals("lean")
                            ? "## Fan-out, lean server (LeanHttpServer, each URL held 250 ms)"
                            : "## Fan-out, the testkit's WireMock (each URL held 250 ms)");
            for (List<FanOutRow> rows : server.getValue()) {
                md.add("");
                md.add(String.format(Locale.ROOT, "### N = %,d", rows.get(0).n()));
                md.add("");
                md.addAll(FanOutReport.walls(rows, 250));
                md.add("");
                md.addAll(FanOutReport.costs(rows));
                md.add("");
                md.addAll(FanOutReport.behind(rows));
            }
        }
        if (fanOut.containsKey("lean")) {
            md.add("");
            md.add("## Memory: fanout with the README's JVM options beside aiohttp (lean server)");
            md.add("");
            md.add("Peak RSS (`VmHWM`) of each process over all its batches (at 10,000 the heap probe's too),"
                    + " median (min–max) of the processes, from the tables above.");
            md.add("");
            md.addAll(FanOutReport.memory(fanOut.get("lean")));
        }
        md.add("");
        md.add("![fan-out wall times](fanout-walls.png)");
        md.add("");
        md.add("![fan-out costs](fanout-costs.png)");
    }

    private void http2Section(List<String> md) {
        md.add("");
        md.add(EarlierResults.Workload.HTTP2.heading + " to one origin (nginx, h2 over TLS, each URL held 250 ms)");
        md.add("");
        if (http2Skipped != null) {
            md.add("Skipped: " + http2Skipped + ".");
        } else if (http2.isEmpty()) {
            md.add("Not run yet: the file is written after each workload, and this one had not ended.");
        } else {
            md.add("One measured batch per process, after the warm-up batches the command names in the same JVM,"
                    + " each batch with a client of its own (no connection left from the batch before);"
                    + " bench/README.md has every client's configuration.");
            for (Http2Report report : http2) {
                md.add("");
                md.add(String.format(Locale.ROOT, "### N = %,d", report.n()));
                md.add("");
                md.addAll(report.lines());
            }
            md.add("");
            md.add("![fan-out over HTTP/2](http2.png)");
        }
    }

    private void cliSection(List<String> md) {
        md.add("");
        md.add(EarlierResults.Workload.CLI.heading + " (lean server, each URL held 250 ms)");
        md.add("");
        if (cli.isEmpty()) {
            md.add("Not run yet: the file is written after each workload, and this one had not ended.");
        } else {
            md.add("`./fanout -q -f urls.txt` in a new JVM per round (the launcher's options and class archive),"
                    + " then one fanout process (default JVM options but -Xmx2g) over the same URLs; medians of"
                    + " the rounds with min–max. The command's wall time starts once its client is built.");
            md.add("");
            md.addAll(cli);
        }
    }

    private void tailSection(List<String> md) {
        md.add("");
        md.add(EarlierResults.Workload.TAIL.heading + ": log-normal delays, with and without hedging (lean server)");
        if (tail == null) {
            md.add("");
            md.add("Not run yet: the file is written after each workload, and this one had not ended.");
        } else {
            md.addAll(tail.lines());
            md.add("");
            md.add("![tail](tail.png)");
        }
    }
}
