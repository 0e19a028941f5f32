package dev.fanout.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** One in-process run of the fanout command: its exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err, CommandLine cli) {

    /** An environment with stdout and stderr piped (no colour, no progress bar), 100 columns. */
    static Map<String, String> piped() {
        Map<String, String> env = new HashMap<>();
        env.put("FANOUT_STDOUT_TTY", "0");
        env.put("FANOUT_STDERR_TTY", "0");
        env.put("COLUMNS", "100");
        return env;
    }

    static CliRun run(String... args) {
        return run(piped(), "", args);
    }

    static CliRun run(Map<String, String> env, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Cli.commandLine(
                env,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true),
                new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString(), cli);
    }

    /** Returns stdout's lines. */
    List<String> lines() {
        return out.lines().toList();
    }

    /** Returns the demo command of this run, to read its last run. */
    DemoCommand demo() {
        return (DemoCommand) cli.getSubcommands().get("demo").getCommand();
    }
}
