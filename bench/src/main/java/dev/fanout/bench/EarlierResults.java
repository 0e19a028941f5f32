package dev.fanout.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a resumed {@link AllBench} run ({@code --from WORKLOAD}) keeps of the {@code RESULTS.md}
 * already in its output directory: the workloads before {@code WORKLOAD}, as that run measured
 * them. A run stopped part-way (a long peer, a session's end) is finished by running the rest,
 * and the file says which run each part comes from. A file that was itself resumed holds parts of
 * several runs; a run resumed from a workload drops the parts from that workload on, so the file
 * names each run whose figures it keeps once, in the order of the workloads.
 *
 * @param from the workload the resumed run starts with
 * @param runs the earlier runs whose figures are kept, the first the full run
 * @param loads its rows of the table of load averages, for the workloads kept
 * @param commands its commands, for the workloads kept
 * @param failures its wrong answers and failed processes, for the workloads kept
 * @param sections its sections of results, for the workloads kept, as written
 */
record EarlierResults(
        Workload from,
        List<Run> runs,
        List<String> loads,
        List<String> commands,
        List<String> failures,
        List<String> sections) {

    /**
     * The workloads a run may be resumed from, in the order AllBench runs them: the name
     * {@code --from} takes, how ResultsFile's section heading and AllBench's row of the load
     * table begin (both written with these), and the bench whose command runs it.
     */
    enum Workload {
        FAN_OUT("fan-out", "## Fan-out", "fan-out", FanOutBench.class),
        HTTP2("http2", "## Fan-out over HTTP/2", "http/2", Http2FanOutBench.class),
        CLI("cli", "## The fanout command's first batch", "the command's first batch", CliFirstBatchBench.class),
        THROUGHPUT("throughput", "## Throughput", "throughput", ThroughputBench.class),
        TAIL("tail", "## Tail", "tail", TailBench.class);

        final String option;
        final String heading;
        final String label;
        final Class<?> bench;

        Workload(String option, String heading, String label, Class<?> bench) {
            this.option = option;
            this.heading = heading;
            this.label = label;
            this.bench = bench;
        }

        /** Returns the workload {@code --from} names; throws naming the choices if there is none. */
        static Workload named(String option) {
            for (Workload w : values()) {
                if (w.option.equals(option)) {
                    return w;
                }
            }
            throw new IllegalArgumentException("--from " + option + ": expected one of http2, cli, throughput, tail");
        }

        /**
         * Returns how ResultsFile ends a failure's bullet of this workload ({@code " (tail)"}), by
         * which a resumed run finds the ones it runs again.
         */
        String failureMark() {
            return " (" + option + ")";
        }

        /** Returns true if a run resumed from this workload runs {@code other}. */
        boolean runs(Workload other) {
            return other.ordinal() >= ordinal();
        }
    }

    /**
     * One run whose figures a file keeps.
     *
     * @param from the first workload it measured ({@link Workload#FAN_OUT} for a full run)
     * @param when when it ran, as the file's "Written by" line gives it
     * @param command its command line
     */
    record Run(Workload from, String when, String command) {}

    /** A run's when in the "Written by" line: the text in the innermost parentheses. */
    private static final Pattern WHEN = Pattern.compile("\\(([^()]*)\\)");

    /** A resumed run's workload in the "Written by" line. */
    private static final Pattern FROM = Pattern.compile("`--from ([a-z0-9-]+)`");

    /** Reads the parts of {@code file} (an earlier AllBench's RESULTS.md) that a run resumed {@code from} keeps. */
    static EarlierResults read(Path file, Workload from) throws IOException {
        if (from == Workload.FAN_OUT) {
            throw new IllegalArgumentException("--from fan-out is the whole run: leave --from out");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("--from " + from.option + ": no earlier " + file + " to resume");
        }
        List<String> lines = Files.readAllLines(file);
        String written = lines.stream()
                .filter(l -> l.startsWith("Written by `AllBench` ("))
                .map(l -> l.substring(l.indexOf('(') + 1, l.lastIndexOf(')')))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(file + " has no 'Written by `AllBench`' line"));
        List<String> loads = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> sections = new ArrayList<>();
        List<String> allBench = new ArrayList<>(); // the runs' command lines, the file's own first
        String part = "";
        boolean resumed = false; // the sections are in the order of the run: none after it is kept
        boolean results = false; // the sections of results come after the commands
        boolean keptLoads = true;
        boolean keptCommands = true;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                results |= part.startsWith("## Commands");
                part = line;
                resumed |= line.startsWith(from.heading);
            }
            if (resumed) {
                continue;
            }
            if (results) {
                sections.add(line);
            } else if (part.startsWith("## Wrong answers") && line.startsWith("- ")) {
                if (!ranAgain(line, from)) {
                    failures.add(line);
                }
            } else if (part.startsWith("## Machine") && line.startsWith("| ") && !line.startsWith("| workload")) {
                keptLoads &= !line.startsWith("| " + from.label);
                if (keptLoads) {
                    loads.add(line);
                }
            } else if (part.startsWith("## Commands") && line.startsWith("java ") && line.contains("AllBench")) {
                allBench.add(line);
            } else if (part.startsWith("## Commands") && line.startsWith("java ")) {
                keptCommands &= !line.contains(from.bench.getName());
                if (keptCommands) {
                    commands.add(line);
                }
            }
        }
        while (!sections.isEmpty() && sections.get(sections.size() - 1).isBlank()) {
            sections.remove(sections.size() - 1);
        }
        return new EarlierResults(from, runs(file, written, allBench, from), loads, commands, failures, sections);
    }

    /**
     * Returns the runs the "Written by" line names ({@code written}, within its outer parentheses)
     * that measured a workload before {@code from}, each with its command from {@code allBench}.
     */
    private static List<Run> runs(Path file, String written, List<String> allBench, Workload from) {
        List<String> whens = new ArrayList<>();
        Matcher when = WHEN.matcher(written);
        while (when.find()) {
            whens.add(when.group(1));
        }
        List<Workload> froms = new ArrayList<>(List.of(Workload.FAN_OUT));
        Matcher named = FROM.matcher(written);
        while (named.find()) {
            Workload w = Workload.named(named.group(1));
            if (!froms.contains(w)) {
                froms.add(w);
            }
        }
        if (whens.isEmpty() && froms.size() == 1) {
            whens.add(written); // a full run's line: its when alone
        }
        if (whens.size() != froms.size()) {
            throw new IllegalArgumentException(file + ": its 'Written by `AllBench`' line names " + froms.size()
                    + " run(s) but gives " + whens.size() + " time(s): " + written);
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < froms.size() && !from.runs(froms.get(i)); i++) {
            Workload w = froms.get(i);
            String command = allBench.stream()
                    .filter(c -> w == Workload.FAN_OUT
                            ? !c.contains("--from")
                            : (c + " ").contains(" --from " + w.option + " "))
                    .findFirst()
                    .orElse("");
            runs.add(new Run(w, whens.get(i), command));
        }
        return runs;
    }

    /** Returns true if {@code failure}, a bullet of the earlier list, is one of a workload the resumed run runs again. */
    private static boolean ranAgain(String failure, Workload from) {
        return (from.runs(Workload.HTTP2) && failure.contains(" over HTTP/2 ("))
                || (from.runs(Workload.THROUGHPUT) && failure.endsWith(Workload.THROUGHPUT.failureMark()))
                || (from.runs(Workload.TAIL) && failure.endsWith(Workload.TAIL.failureMark()));
    }

    /** Returns the highest 1-minute load average among the kept workloads' starts (0 if none). */
    double highestStartLoad() {
        double highest = 0;
        for (String row : loads) {
            String[] cells = row.split("\\|");
            try {
                highest = Math.max(highest, Double.parseDouble(cells[3].trim().split(" ")[0]));
            } catch (RuntimeException e) {
                // a row without a figure: unknown, as ResultsFile counts it
                return Double.NaN;
            }
        }
        return highest;
    }

    /**
     * Returns what says which run each part of the file comes from, the kept runs' then this one's
     * ({@code resumedRun}, when it ran), in the order of the workloads.
     */
    String provenance(String resumedRun) {
        List<Run> all = new ArrayList<>(runs);
        all.add(new Run(from, resumedRun, ""));
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Run run = all.get(i);
            String which = i == 0
                    ? "the workloads before `--from " + all.get(1).from().option + "` by the run of"
                    : "those from `--from " + run.from().option + "`"
                            + (i + 1 < all.size()
                                    ? " to before `--from " + all.get(i + 1).from().option + "`"
                                    : " on")
                            + " by a run resumed from " + (i == 1 ? "it" : "that");
            parts.add(which + " (" + run.when() + ")");
        }
        return String.join("; ", parts);
    }

    /** Returns the command lines of the kept runs, the full run's first. */
    List<String> commandsOfRuns() {
        return runs.stream().map(Run::command).toList();
    }
}
