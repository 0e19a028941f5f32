package dev.fanout.cli;

import java.io.PrintWriter;
import java.util.List;

/**
 * Prints a run: JSON lines alone, or the table, the waterfall (when asked) and the summary.
 */
final class Report {

    private Report() {}

    /**
     * Prints {@code run} to {@code out} as {@code output} asks; the waterfall only when
     * {@code waterfall}; the TRIES column and the summary's lines about them as {@code asked} says.
     */
    static void print(
            BatchRunner.Run run,
            OutputOptions output,
            boolean waterfall,
            Resilience asked,
            Terminal terminal,
            PrintWriter out) {
        List<Row> rows = run.rows();
        if (output.json) {
            JsonLinesWriter json = new JsonLinesWriter(out, output.body);
            rows.forEach(json::write);
            return;
        }
        boolean tries = asked.retries() || asked.hedges() || rows.stream().anyMatch(r -> r.attempts() > 1);
        new TableRenderer(terminal, tries).render(rows, out);
        if (waterfall) {
            out.println();
            new WaterfallRenderer(terminal).render(rows, run.wall(), out);
        }
        out.println();
        Summary.of(rows, run.wall(), run.census().added(), run.census().deliveredOn(), asked)
                .render(out, Style.of(terminal), Labels.of(rows), terminal.width());
    }
}
