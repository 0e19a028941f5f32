package dev.fanout.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.bench.EarlierResults.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarlierResultsTest {

    private static final String FULL = "java -cp bench/target/benchmarks.jar dev.fanout.bench.AllBench";

    @TempDir
    Path dir;

    @Test
    void aRunResumedFromAFullRunNamesBoth() throws IOException {
        EarlierResults earlier = EarlierResults.read(file("(A)", FULL), Workload.THROUGHPUT);

        assertThat(earlier.runs()).containsExactly(new EarlierResults.Run(Workload.FAN_OUT, "A", FULL));
        assertThat(earlier.provenance("B")).isEqualTo(twoRuns("throughput", "B"));
        assertThat(earlier.commandsOfRuns()).containsExactly(FULL);
    }

    @Test
    void aRunResumedFromALaterWorkloadKeepsEveryRunBefore() throws IOException {
        Path resumed = resumedOnce();

        EarlierResults earlier = EarlierResults.read(resumed, Workload.TAIL);

        assertThat(earlier.provenance("C"))
                .isEqualTo("the workloads before `--from throughput` by the run of (A);"
                        + " those from `--from throughput` to before `--from tail` by a run resumed from it (B);"
                        + " those from `--from tail` on by a run resumed from that (C)");
        assertThat(earlier.commandsOfRuns()).containsExactly(FULL, FULL + " --from throughput");
    }

    @Test
    void aRunResumedFromTheSameWorkloadAgainDropsTheRunItReplaces() throws IOException {
        Path resumed = resumedOnce();

        EarlierResults again = EarlierResults.read(resumed, Workload.THROUGHPUT);
        EarlierResults earlier = EarlierResults.read(resumed, Workload.HTTP2);

        assertThat(again.provenance("C")).isEqualTo(twoRuns("throughput", "C"));
        assertThat(earlier.provenance("C")).isEqualTo(twoRuns("http2", "C"));
        assertThat(again.commandsOfRuns()).containsExactly(FULL);
    }

    @Test
    void aLineNestedAsBeforeIsRefusedNamingTheLine() throws IOException {
        Path nested = file(
                "(the workloads before `--from throughput` by an earlier run (the workloads before `--from"
                        + " throughput` by an earlier run (A), that one and those after it by a run resumed from it"
                        + " (B)), that one and those after it by a run resumed from it (C))",
                FULL + " --from throughput",
                FULL);

        assertThatThrownBy(() -> EarlierResults.read(nested, Workload.TAIL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names 2 run(s) but gives 3 time(s)");
    }

    /** The line's text for the full run of (A) and one resumed {@code --from from} at {@code when}. */
    private static String twoRuns(String from, String when) {
        return "the workloads before `--from " + from + "` by the run of (A); those from `--from " + from
                + "` on by a run resumed from it (" + when + ")";
    }

    /** Writes the file a run resumed from throughput writes over the full run's. */
    private Path resumedOnce() throws IOException {
        String provenance =
                EarlierResults.read(file("(A)", FULL), Workload.THROUGHPUT).provenance("B");
        return file("(" + provenance + ")", FULL + " --from throughput", FULL);
    }

    /** Writes a RESULTS.md with the given "Written by" parentheses and the AllBench command lines. */
    private Path file(String written, String... allBench) throws IOException {
        Path file = dir.resolve("RESULTS-" + System.nanoTime() + ".md");
        List<String> lines = new java.util.ArrayList<>(List.of(
                "# fanout beside its peers: results",
                "",
                "Written by `AllBench` " + written + "; bench/README.md says what each figure is.",
                "",
                "## Commands",
                "",
                "```"));
        lines.addAll(List.of(allBench));
        lines.addAll(List.of("```", "", "## Throughput (GETs)", "", "| x |"));
        Files.write(file, lines);
        return file;
    }
}
