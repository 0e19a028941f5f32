package dev.fanout.cli;

import picocli.CommandLine.Option;

/** How results are shown: options shared by {@code fanout} and {@code fanout demo}. */
final class OutputOptions {

    @Option(
            names = "--json",
            description = "Print one JSON object per result (JSON lines), in input order, "
                    + "and nothing else on stdout: index, method, url, status, error, message, timings (ms), size, "
                    + "protocol, attempts, hedges.")
    boolean json;

    @Option(names = "--body", description = "With --json: add each response's body (as text).")
    boolean body;

    @Option(
            names = "--no-color",
            description =
                    "Plain ASCII output, no colours (also when NO_COLOR is set or " + "stdout is not a terminal).")
    boolean noColor;

    @Option(
            names = {"-q", "--quiet"},
            description = "No progress bar (it shows on stderr for more than " + ProgressBar.THRESHOLD
                    + " URLs when stderr is a terminal).")
    boolean quiet;
}
