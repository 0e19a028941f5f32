package dev.fanout.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link ResultsFile} keeps of ThroughputBench's and JMH's output (their tables, read line by
 * line as AllBench echoes them), and their sections of RESULTS.md with {@code throughput.png}.
 * Not thread-safe: the bench's main thread fills it.
 */
final class ThroughputResults {

    private final List<String> throughput = new ArrayList<>();
    private final List<String> jmh = new ArrayList<>();
    private boolean inJmhSummary;

    /** Keeps ThroughputBench's tables from its output; returns a failure's bullet for a {@code WRONG:} line, else null. */
    String throughputLine(String line) {
        if (line.startsWith("body ")) {
            throughput.add("");
            throughput.add("Body: " + line.substring("body ".length()));
            throughput.add("");
        } else if (line.startsWith("|") || line.startsWith("- ")) {
            throughput.add(line);
        } else if (line.startsWith("WRONG: ")) {
            return "- " + line.substring("WRONG: ".length()) + EarlierResults.Workload.THROUGHPUT.failureMark();
        }
        return null;
    }

    /** Keeps JMH's summary table from its output. */
    void jmhLine(String line) {
        inJmhSummary |= line.startsWith("Benchmark ") && line.contains("Mode");
        if (inJmhSummary && !line.isBlank()) {
            jmh.add(line);
        }
    }

    /** Adds the throughput section (or says it has not run yet) and, when JMH ran, its section to {@code md}. */
    void sections(List<String> md) {
        md.add("");
        md.add(EarlierResults.Workload.THROUGHPUT.heading
                + " (GETs over 64 keep-alive connections to nginx with 1 worker, wrk beside, every JVM"
                + " client with `" + ThroughputBench.DEFAULT_JVM_OPTIONS + "`; see the command)");
        if (throughput.isEmpty()) {
            md.add("");
            md.add("Not run yet: the file is written after each workload, and this one had not ended.");
        } else {
            md.addAll(throughput);
            md.add("");
            md.add("![throughput](throughput.png)");
        }
        if (!jmh.isEmpty()) {
            md.add("");
            md.add("## JMH: the loop's task cost and the decoder's cost per response");
            md.add("");
            md.add("```");
            md.addAll(jmh);
            md.add("```");
        }
    }

    /** Draws the throughput chart into {@code png}; nothing when the workload did not run. */
    void chart(Path png) throws IOException {
        ThroughputChart.draw(png, throughput);
    }
}
