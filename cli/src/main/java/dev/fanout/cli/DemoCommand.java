package dev.fanout.cli;

import dev.fanout.client.FanoutClient;
import dev.fanout.client.HttpVersion;
import dev.fanout.client.Request;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fanout demo}: starts the testkit's slow endpoints in this JVM and fans out to a mix of
 * them, then shows the table, the waterfall and the summary. No setup, no network.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Fans out to slow endpoints in this JVM: see fan-out work, no setup, no network.",
        description = {
            "Starts slow endpoints on 127.0.0.1 in this JVM (the testkit's WireMock) and fetches a mix of "
                    + "them all at once on one client: log-normal delays, a few slow bodies, a 503, a connection "
                    + "reset, and one URL that never answers, which the timeout ends. Then shows a table, a "
                    + "waterfall of where each request's time went, and a summary: wall time, the sum of the "
                    + "requests' own times, their ratio (the overlap), the slowest request, and the threads "
                    + "the client added to the JVM.",
            "",
            "With --http2 the server speaks HTTP/2 too, and the client speaks it to the server (h2c on the "
                    + "plain port, h2 with --https): the requests go as streams over a shared connection, and the "
                    + "table's PROTO column says h2. Over HTTP/2 a connection reset would end every request on its "
                    + "connection, so the plan has none: that URL gets a delay of one median instead.",
            "",
            "Run it again with --sequential and the same --seed to fetch the same URLs one after another.",
            "",
            "Three cases show the client's policies, each against the faults it is for: --retry (URLs that fail "
                    + "once or twice, then answer), --hedge (URLs whose first request stalls) and --rate (a server "
                    + "that answers 429 beyond 20 requests a second). Add --baseline to run the same URLs without "
                    + "the policy, to compare."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every URL behaved as planned (the planned failures included)",
            "1:some URL did not (the output says which)",
            "2:usage error"
        })
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    static final int DEFAULT_COUNT = 60;
    static final Duration DEFAULT_MEDIAN = Duration.ofMillis(250);

    @Option(
            names = {"-n", "--count"},
            paramLabel = "N",
            defaultValue = "" + DEFAULT_COUNT,
            description = "How many URLs (default: ${DEFAULT-VALUE}). The server shares this JVM and machine: past a "
                    + "few hundred URLs it, more than the client, sets the pace.")
    int count;

    @Option(
            names = "--median",
            paramLabel = "DURATION",
            defaultValue = "250ms",
            converter = DurationConverter.class,
            description = "Median delay; delays range from a fifth of it to six times it (default: ${DEFAULT-VALUE}).")
    Duration median;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "Draw the URLs, delays and fault positions from this seed: the same seed, the same "
                    + "run (default: a random seed, printed).")
    Long seed;

    @Option(names = "--sequential", description = "Fetch the same URLs one after another, to compare.")
    boolean sequential;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Request timeout, with its unit: 500ms, 2s, 1m (default: six medians plus one second, "
                    + "2.5s for the default median; with --hedge, twice the stall plus one second, 7s).")
    Duration timeout;

    @Option(
            names = "--max-in-flight",
            paramLabel = "N",
            description = "Limit requests in flight, to see queueing in the waterfall (default: the client's).")
    Integer maxInFlight;

    @Option(
            names = "--https",
            description = "Fetch over HTTPS (the testkit's own CA, trusted for this run): "
                    + "the waterfall then shows each new connection's TLS handshake.")
    boolean https;

    @Option(
            names = "--cold",
            description = "Skip the warm-up: see what the first batch in a fresh JVM costs "
                    + "(class loading and a cold JIT, in the client and in the embedded server).")
    boolean cold;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Protocol protocol;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Cases cases;

    @Option(
            names = "--baseline",
            description = "With --retry, --hedge or --rate: the same URLs with the policy off (no retries, no "
                    + "hedging, no pacing), to see what it mends.")
    boolean baseline;

    @Mixin
    OutputOptions output = new OutputOptions();

    /**
     * The demo's {@code --http2} or {@code --http1.1}, at most one: as the fetch command's
     * ({@link HttpVersionOptions}), except that {@code --http2} also has the embedded server speak it.
     */
    static final class Protocol {

        // "required" within the group, as picocli's exclusive groups ask; the group itself is optional.
        @Option(
                names = "--http2",
                required = true,
                description = "Serve HTTP/2 and speak it: h2c with prior knowledge on the plain port (h2 by ALPN with "
                        + "--https). The requests share a connection, up to the server's 128 streams on each; "
                        + "the plan has no connection reset, which would end them all.")
        boolean http2;

        @Option(
                names = "--http1.1",
                required = true,
                description = "Speak HTTP/1.1 only (the server speaks nothing else unless --http2): "
                        + "one request per connection at a time.")
        boolean http11;

        /**
         * Returns the client's version for {@code protocol}: {@link HttpVersion#AUTO} when it is
         * null (neither option given).
         */
        static HttpVersion version(Protocol protocol) {
            if (protocol == null) {
                return HttpVersion.AUTO;
            }
            return protocol.http2 ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1;
        }
    }

    /** The demo's cases, at most one: {@code --retry}, {@code --hedge} or {@code --rate}. */
    static final class Cases {

        // "required" within the group, as picocli's exclusive groups ask; the group itself is optional.
        @Option(
                names = "--retry",
                required = true,
                description = "Show retries: one URL in five fails once or twice (a 503, a connection reset), "
                        + "then answers; up to 3 tries each mend them. The TRIES column counts the sends.")
        boolean retry;

        @Option(
                names = "--hedge",
                required = true,
                description = "Show hedging: the first request of one URL in ten stalls 12 medians; a copy sent "
                        + "after 4 medians answers in the usual time. The summary shows the copies and the tail.")
        boolean hedge;

        @Option(
                names = "--rate",
                required = true,
                description = "Show a rate limit: the server answers 429 beyond 20 requests a second; the client "
                        + "paces its starts to 20/s and none is refused.")
        boolean rate;

        /** Returns the case {@code cases} picks: the usual mix when it is null (none given). */
        static DemoCase of(Cases cases) {
            if (cases == null) {
                return DemoCase.MIX;
            }
            return cases.retry ? DemoCase.RETRY : cases.hedge ? DemoCase.HEDGE : DemoCase.RATE;
        }
    }

    /** Requests sent, and not measured, before the demo's batch, on the same client. */
    static final int WARM_UP = 8;

    private final Map<String, String> env;
    private volatile BatchRunner.Run lastRun;

    DemoCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        if (count < 1 || count > 100_000) {
            throw new ParameterException(spec.commandLine(), "--count: " + count + " (expected: 1 to 100000)");
        }
        DemoCase demoCase = Cases.of(cases);
        if (baseline && demoCase == DemoCase.MIX) {
            throw new ParameterException(spec.commandLine(), "--baseline: only with --retry, --hedge or --rate");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Terminal terminal = Terminal.detect(env, output.noColor);
        Style style = Style.of(terminal);
        long seed = this.seed != null ? this.seed : ThreadLocalRandom.current().nextLong(1, 100_000);
        HttpVersion version = Protocol.version(protocol);
        boolean http2 = version == HttpVersion.HTTP_2;
        DemoPlan drawn = DemoPlan.of(seed, count, median, demoCase);
        DemoPlan plan = http2 ? drawn.withoutConnectionReset() : drawn;
        Duration requestTimeout = timeout != null ? timeout : plan.defaultTimeout();
        Resilience asked = demoCase.resilience(plan, baseline);

        if (!output.json) {
            DemoIntro.printTitle(plan, style, out);
        }
        try (DemoServer server = DemoServer.start(https, http2)) {
            List<Request> requests = new ArrayList<>(count);
            for (int i = 0; i < plan.entries().size(); i++) {
                String url = plan.entries().get(i).url(server.endpoints(), i);
                requests.add(Request.get(https ? server.endpoints().https(url) : url));
            }
            if (!output.json) {
                DemoIntro.print(
                        plan,
                        https
                                ? server.endpoints().httpsBaseUrl()
                                : server.endpoints().baseUrl(),
                        requestTimeout,
                        sequential,
                        version,
                        https,
                        cold ? 0 : WARM_UP,
                        baseline,
                        style,
                        terminal.width(),
                        out);
            }
            Supplier<FanoutClient> clients = () -> {
                FanoutClient.Builder builder =
                        FanoutClient.builder().requestTimeout(requestTimeout).httpVersion(version);
                if (https) {
                    builder.trustCertificates(server.endpoints().certificatePem());
                }
                if (maxInFlight != null) {
                    builder.maxInFlight(maxInFlight);
                }
                return asked.applyTo(builder).build();
            };
            BatchRunner runner = new BatchRunner(terminal, output.quiet, output.body, err);
            List<Request> warmUp = new ArrayList<>();
            for (int i = 0; !cold && i < WARM_UP; i++) {
                String url = server.endpoints().delayed(Duration.ofMillis(1));
                warmUp.add(Request.get(https ? server.endpoints().https(url) : url));
            }
            BatchRunner.Run run = sequential
                    ? runner.sequential(clients, requests, server.group(), warmUp)
                    : runner.concurrent(clients, requests, server.group(), warmUp);
            lastRun = run;
            Report.print(run, output, true, asked, terminal, out);
            List<String> surprises = surprises(plan, run.rows(), baseline);
            if (!output.json) {
                DemoIntro.printEnding(
                        plan,
                        surprises,
                        sequential,
                        baseline,
                        https,
                        version,
                        env.getOrDefault("FANOUT_COMMAND", "fanout"),
                        style,
                        terminal.width(),
                        out);
            }
            out.flush();
            return surprises.isEmpty() ? 0 : 1;
        }
    }

    /** Returns the last run, for tests that check the summary against the client's own results. */
    BatchRunner.Run lastRun() {
        return lastRun;
    }

    /** Returns one line for each row whose outcome is not the planned one. */
    static List<String> surprises(DemoPlan plan, List<Row> rows) {
        return surprises(plan, rows, false);
    }

    /** Returns one line for each row whose outcome is not the planned one, with the case's policy or without. */
    static List<String> surprises(DemoPlan plan, List<Row> rows, boolean baseline) {
        List<String> surprises = new ArrayList<>();
        Labels labels = Labels.of(rows);
        for (Row row : rows) {
            DemoPlan.Entry entry = plan.entries().get(row.index());
            if (!entry.accepts(row.outcome(), baseline)) {
                // A failure's message starts with its kind and names the URL.
                surprises.add("#" + row.index() + " " + labels.of(row) + ": planned " + entry.expected(baseline)
                        + ", got "
                        + (row.message() == null ? row.outcome() : row.message()));
            }
        }
        return surprises;
    }
}
