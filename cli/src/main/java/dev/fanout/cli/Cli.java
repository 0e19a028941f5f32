package dev.fanout.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Builds the {@code fanout} command tree and runs it: {@code fanout URL...}, {@code demo},
 * {@code generate-completion}. Tests run it in-process with their own streams and environment.
 */
final class Cli {

    private Cli() {}

    /** Returns the command line, printing to {@code out} and {@code err}, reading {@code stdin} for {@code -f -}. */
    static CommandLine commandLine(Map<String, String> env, InputStream stdin, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new FanoutCommand(env, stdin));
        cli.addSubcommand("demo", new DemoCommand(env));
        CommandLine completion = new CommandLine(new AutoComplete.GenerateCompletion());
        completion
                .getCommandSpec()
                .usageMessage()
                .hidden(false)
                .description("Prints a bash/zsh completion script: source <(fanout generate-completion)");
        cli.addSubcommand("generate-completion", completion);
        cli.setOut(out);
        cli.setErr(err);
        // "-d @file" is curl's body from a file, not picocli's argument file.
        cli.setExpandAtFiles(false);
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine at = e.getCommandLine();
            PrintWriter w = at.getErr();
            // picocli starts some messages (mutually exclusive options) with "Error: "; ours say "fanout: " alone.
            String message = e.getMessage();
            w.println("fanout: " + (message != null && message.startsWith("Error: ") ? message.substring(7) : message));
            CommandLine.UnmatchedArgumentException.printSuggestions(e, w);
            w.println("Try '" + at.getCommandSpec().qualifiedName() + " --help' for more.");
            w.flush();
            return CommandLine.ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, at, parseResult) -> {
            PrintWriter w = at.getErr();
            w.println("fanout: error: " + e);
            if (env.containsKey("FANOUT_DEBUG")) {
                e.printStackTrace(w);
            } else {
                w.println("(set FANOUT_DEBUG=1 for the stack trace)");
            }
            w.flush();
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cli;
    }

    /** Runs {@code args} and returns the exit code. */
    static int execute(String[] args, Map<String, String> env, InputStream stdin, PrintWriter out, PrintWriter err) {
        return commandLine(env, stdin, out, err).execute(args);
    }
}
