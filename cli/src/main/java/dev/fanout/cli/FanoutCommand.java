package dev.fanout.cli;

import dev.fanout.client.Request;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fanout URL...} and {@code fanout -f FILE}: fetches every URL at once and shows the
 * results; the root of the command tree ({@code demo} and {@code generate-completion} hang
 * under it).
 */
@Command(
        name = "fanout",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        synopsisSubcommandLabel = "[COMMAND]",
        description = {
            "Fetches every URL at once on one event-loop thread, then shows each result, in input order: "
                    + "a table, a waterfall of where the time went (--waterfall), and a summary.",
            "",
            "New here? Run 'fanout demo': it starts slow endpoints in this JVM and fans out to them."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every request got a response (whatever its status: a 503 is a response)",
            "1:one or more requests got no response (timeout, reset, refused, DNS, TLS, malformed URL...)",
            "2:usage error: unknown option, bad value, missing file, bad header"
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  fanout demo                           see fan-out work: no setup, no network",
            "  fanout https://example.com/a https://example.com/b",
            "  fanout -f urls.txt --waterfall        one URL per line, # comments",
            "  fanout -f urls.txt --retry 3 --rate 100/1s --hedge-after 500ms",
            "  grep -v internal urls.txt | fanout -f - --json > results.jsonl",
            "  fanout -X POST -H 'Content-Type: application/json' -d @body.json URL...",
            "  source <(fanout generate-completion)  tab completion (bash, zsh)"
        })
final class FanoutCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "URL", arity = "0..*", description = "URLs to fetch.")
    List<String> urls = new ArrayList<>();

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "Read URLs from FILE, one per line ('-' for stdin); blank lines and # comments skipped.")
    String file;

    @Option(
            names = {"-w", "--waterfall"},
            description = "Also draw the waterfall: one bar per request on a " + "shared time axis.")
    boolean waterfall;

    @Mixin
    RequestOptions request = new RequestOptions();

    @Mixin
    ClientOptions client = new ClientOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    private final Map<String, String> env;
    private final InputStream stdin;

    FanoutCommand(Map<String, String> env, InputStream stdin) {
        this.env = env;
        this.stdin = stdin;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> all = readUrls();
        Terminal terminal = Terminal.detect(env, output.noColor);
        List<Request> requests = request.requests(all);
        Resilience asked = client.resilience(spec); // its usage errors before anything is sent
        BatchRunner.Run run = new BatchRunner(terminal, output.quiet, output.body, err)
                .concurrent(() -> client.build(spec, err), requests, null, List.of());
        Report.print(run, output, waterfall, asked, terminal, out);
        out.flush();
        return run.rows().stream().allMatch(Row::responded) ? 0 : 1;
    }

    private List<String> readUrls() {
        List<String> all;
        try {
            all = UrlList.read(urls, file, stdin);
        } catch (NoSuchFileException e) {
            throw new ParameterException(spec.commandLine(), "-f " + file + ": no such file");
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "-f " + file + ": cannot read it: " + e.getMessage());
        }
        if (all.isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(),
                    file == null
                            ? "no URLs: give URLs as arguments or -f FILE (- for stdin), or run 'fanout demo'"
                            : "no URLs in " + (file.equals("-") ? "stdin" : file)
                                    + " (blank lines and # comments are skipped)");
        }
        return all;
    }
}
