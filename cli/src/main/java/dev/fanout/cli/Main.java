package dev.fanout.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;

/**
 * The {@code fanout} command's entry point: {@code java -jar fanout.jar [COMMAND] [OPTIONS] [URL...]}.
 *
 * <p>Exit codes: 0 every request got a response, 1 some request got none, 2 usage error.
 * {@code fanout --help} says the rest.
 */
public final class Main {

    private Main() {}

    /** Runs the command and exits with its exit code. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, Terminal.stdoutCharset()));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, Terminal.stdoutCharset()));
        int code = Cli.execute(args, System.getenv(), System.in, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
