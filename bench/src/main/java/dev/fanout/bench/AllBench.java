package dev.fanout.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs every workload of issue 12 one after the other and writes {@code RESULTS.md} and one PNG
 * chart per workload beside it ({@link ResultsFile}): fan-out on the lean server at N = 1,000,
 * 5,000 and 10,000 (with the costs, heap probe at 10,000) and on WireMock at 1,000
 * ({@link FanOutBench}), over HTTP/2 ({@link Http2FanOutBench}), the {@code fanout} command's first
 * batch beside a warm one ({@link CliFirstBatchBench}), throughput against nginx beside wrk
 * ({@link ThroughputBench}), the JMH benchmarks of the loop's task cost and the decoder's cost
 * per response, and a long tail of log-normal delays, every client without hedging beside fanout
 * with it ({@link TailBench}). Fully automatic;
 * prints its expected length first ({@link RunEstimate}, from the workloads' exact arguments) and
 * what it took at the end; RESULTS.md has both per workload, with the load average around each.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.fanout.bench.AllBench            # everything, about two hours
 * java -cp bench/target/benchmarks.jar dev.fanout.bench.AllBench --quick    # a subset, under a minute
 * java -cp bench/target/benchmarks.jar dev.fanout.bench.AllBench --from throughput  # finish a stopped run
 * </pre>
 *
 * <p>Options: {@code --quick} (N = 500 only, one process per client, not {@code fanout-xmx64m} nor
 * {@code netty-bare}, no warm-up batch; HTTP/2 at 200 with fanout and the JDK's client; a short
 * throughput run, its JVM with a heap of 512 MiB; a tail of 200 URLs with fanout and the JDK's
 * client; no WireMock, no JMH; every JVM it starts with
 * {@code -XX:TieredStopAtLevel=1}: a check that everything runs in under a minute, not figures to
 * quote), {@code --out DIR} (where
 * {@code RESULTS.md} and the charts go; default {@code bench/} when run from the repository's
 * root, else the current directory), {@code --contenders} as {@link FanOutBench}'s, {@code --from
 * http2|cli|throughput|tail} (runs that workload and those after it, and keeps the earlier ones'
 * sections of the {@code RESULTS.md} already in the output directory, which then says which run
 * each part comes from: {@link EarlierResults}; for a run stopped part-way).
 */
public final class AllBench {

    /**
     * The throughput workload's clients: fanout (fetchAll, and fetchEach in the place of
     * {@code fanout-xmx64m}, fanout again) and every peer of the fan-out workloads but
     * {@code netty-bare} (no client), so that a peer added there is measured here too; the JDK's
     * client and AsyncHttpClient wait for a free connection as {@link Contender#createQueued} says.
     */
    private static final String THROUGHPUT =
            FanOutBench.ALL.replace("fanout-xmx64m", "fanout-each").replace(",netty-bare", "");

    private AllBench() {}

    /** The fan-out workloads of the full run: server, then FanOutBench's arguments. */
    private static final String[][] FULL_FAN_OUT = {
        {"lean", "--sizes 1000 --processes 5 --warmups 2 --probe-size 0"},
        {"lean", "--sizes 5000,10000 --processes 5 --warmups 2 --probe-size 10000 --probe-hold-ms 1000"},
        // WireMock: 6 warm-up batches, then up to 30 more while the JIT compiles (with 1 and none,
        // the JIT's compiles in the measured batches ranked the clients differently from run to
        // run; with up to 10 more, most clients' C2 still compiled through the measured batch)
        {"wiremock", "--server wiremock --sizes 1000 --processes 5 --warmups 2 --warmup-requests 5000 --jit-warmups 30"}
    };

    /**
     * JMH's options for the full run: three forks of ten iterations. With one fork of five, the
     * loop's task cost moved more between runs than the difference to bare Netty it measures
     * (bench/README.md).
     */
    private static final String JMH = "-f 3 -wi 5 -i 10 -w 1 -r 1";

    /** The quick subset's: every client once at 500, no warm-up batch (a check, not figures). */
    private static final String[][] QUICK_FAN_OUT = {
        {
            "lean",
            "--sizes 500 --processes 1 --warmups 0 --warmup-requests 0 --jit-warmups 0 --port-reuse-wait-ms 0"
                    + " --probe-size 0"
        }
    };

    /**
     * The quick subset's fan-out clients: every one but {@code fanout-xmx64m} (fanout again, with
     * other JVM options) and {@code netty-bare} (not a client), each a JVM of 2-3 s: under a minute in all.
     */
    private static final String QUICK_CONTENDERS =
            FanOutBench.ALL.replace("fanout-xmx64m,", "").replace(",netty-bare", "");

    /** The quick subset's options for every JVM it starts: C1 only, for 40% less CPU in a short life. */
    private static final String QUICK_JVM_OPTIONS = "-XX:TieredStopAtLevel=1";

    private static final String FULL_HTTP2 = "--servers nginx --sizes 1000,5000 --processes 5 --warmups 1 --rounds 1"
            + " --contenders fanout,jdk,reactor-netty,reactor-netty-fitted";
    private static final String QUICK_HTTP2 =
            "--servers nginx --sizes 200 --processes 1 --warmups 0 --rounds 1 --contenders fanout,jdk";

    private static final String FULL_CLI = "--size 1000 --processes 5 --warmups 2";
    private static final String QUICK_CLI =
            "--size 500 --processes 1 --warmups 0 --warmup-requests 0 --jit-warmups 0 --port-reuse-wait-ms 0";

    private static final String FULL_THROUGHPUT =
            "--bodies 16,16384 --rounds 5 --warmups 3 --contenders " + THROUGHPUT + " --wrk-seconds 5";
    private static final String QUICK_THROUGHPUT =
            "--bodies 16 --requests 10000 --rounds 1 --warmups 1 --contenders fanout --wrk-seconds 1"
                    + " --jvm-options -Xmx512m"; // not the default heap touched at start (4 GiB then: 14 s to 5 s)

    private static final String FULL_TAIL = "--urls 1000 --median-ms 100 --sigma 1 --seed 11 --rounds 5 --warmups 3"
            + " --runs none,after-518,after-360,percentile-0.95 --contenders " + TailPeers.ALL;
    private static final String QUICK_TAIL = "--urls 200 --median-ms 20 --sigma 1 --seed 11 --rounds 1 --warmups 0"
            + " --runs none,percentile-0.95 --contenders fanout,jdk";

    /** Runs the workloads; see the class comment. Exits 1 if fanout got a wrong answer or a bench failed. */
    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        boolean quick = rest.remove("--quick");
        BenchOptions options = BenchOptions.parse(
                rest.toArray(String[]::new), "[--quick] [--out DIR] [--from http2|cli|throughput|tail]");
        Path out = Path.of(options.text("out", Files.isDirectory(Path.of("bench", "src")) ? "bench" : "."));
        String resumeFrom = options.text("from", null);
        EarlierResults earlier = resumeFrom == null
                ? null
                : EarlierResults.read(out.resolve("RESULTS.md"), EarlierResults.Workload.named(resumeFrom));
        EarlierResults.Workload from = earlier == null ? EarlierResults.Workload.FAN_OUT : earlier.from();
        String contenders = options.text("contenders", quick ? QUICK_CONTENDERS : FanOutBench.ALL);
        String jar = System.getProperty("java.class.path");
        if (quick) {
            System.setProperty(ChildProcesses.JVM_OPTIONS, QUICK_JVM_OPTIONS);
        }
        String[][] fanOuts = quick ? QUICK_FAN_OUT : FULL_FAN_OUT;
        String http2 = quick ? QUICK_HTTP2 : FULL_HTTP2;
        String throughput = quick ? QUICK_THROUGHPUT : FULL_THROUGHPUT;
        String cli = quick ? QUICK_CLI : FULL_CLI;
        String tail = quick ? QUICK_TAIL : FULL_TAIL;
        if (!from.runs(EarlierResults.Workload.FAN_OUT)) {
            fanOuts = new String[0][];
        }
        boolean throughputToo = from.runs(EarlierResults.Workload.THROUGHPUT);
        long estimate = (from.runs(EarlierResults.Workload.HTTP2) ? RunEstimate.http2(http2) : 0)
                + (from.runs(EarlierResults.Workload.CLI) ? RunEstimate.cli(cli) : 0)
                + (throughputToo ? RunEstimate.throughput(throughput) + (quick ? 0 : RunEstimate.jmh(JMH)) : 0)
                + RunEstimate.tail(tail);
        for (String[] fanOut : fanOuts) {
            estimate += RunEstimate.fanOut(fanOut[1], contenders.split(",").length);
        }
        ResultsFile results = new ResultsFile(
                quick,
                "java -cp " + jar + " " + AllBench.class.getName() + " " + String.join(" ", args),
                estimate,
                earlier);
        System.out.println((quick
                        ? "AllBench --quick: fan-out at 500 with every client, one process each, HTTP/2 at 200 (fanout, jdk),"
                                + " the command's first batch at 500, a short throughput run, a tail of 200"
                        : "AllBench: fan-out at 1,000, 5,000 and 10,000 (5 processes per client), WireMock at 1,000,"
                                + " HTTP/2 at 1,000 and 5,000, the command's first batch at 1,000, throughput of 16 B and"
                                + " 16 KiB, JMH, a tail of 1,000")
                + (earlier == null
                        ? ""
                        : "; resumed: from " + resumeFrom + " on, the rest kept from " + out.resolve("RESULTS.md"))
                + ": " + RunEstimate.text(estimate) + " on a quiet 2-core machine (RESULTS.md says what it took)");
        boolean right = true;
        for (String[] fanOut : fanOuts) {
            right &= fanOut(results, out, fanOut[0], fanOut[1], contenders);
        }
        if (from.runs(EarlierResults.Workload.HTTP2)) {
            right &= http2(results, http2);
            results.write(out);
        }
        if (from.runs(EarlierResults.Workload.CLI)) {
            right &= cli(results, jar, cli);
            results.write(out);
        }
        if (throughputToo) {
            right &= throughput(results, jar, throughput, quick);
            results.write(out);
        }
        right &= tail(results, tail);
        results.write(out);
        System.out.println("wrote " + out.resolve("RESULTS.md") + " and its charts; the run took "
                + RunEstimate.text(results.elapsedSeconds()) + ", announced " + RunEstimate.text(estimate));
        System.exit(right ? 0 : 1);
    }

    /**
     * Runs the throughput workload in a JVM of its own, then (unless {@code quick}) the JMH
     * benchmarks; returns whether fanout's answers were all right.
     */
    private static boolean throughput(ResultsFile results, String jar, String throughput, boolean quick)
            throws Exception {
        results.command("java -cp " + jar + " dev.fanout.bench.ThroughputBench " + throughput);
        results.loadBefore(EarlierResults.Workload.THROUGHPUT.label, RunEstimate.throughput(throughput));
        List<String> command = new ArrayList<>(List.of(java(), "-cp", jar, ThroughputBench.class.getName()));
        command.addAll(List.of(throughput.split(" ")));
        boolean right = subprocess(command, results::throughputLine) == 0;
        results.loadAfter();
        if (!quick) {
            String benchmarks = "LoopTaskBenchmark|ResponseDecodeBenchmark";
            results.command("java -jar " + jar + " '" + benchmarks + "' " + JMH);
            command = new ArrayList<>(List.of(java(), "-jar", jar, benchmarks));
            command.addAll(List.of(JMH.split(" ")));
            results.loadBefore("jmh", RunEstimate.jmh(JMH));
            subprocess(command, results::jmhLine);
            results.loadAfter();
        }
        return right;
    }

    /**
     * Runs the tail workload: fanout with and without hedging, and every client without it in a
     * process of its own; returns whether fanout's answers were all right.
     */
    private static boolean tail(ResultsFile results, String arguments) throws Exception {
        results.command("java -cp bench/target/benchmarks.jar dev.fanout.bench.TailBench " + arguments);
        results.loadBefore(EarlierResults.Workload.TAIL.label, RunEstimate.tail(arguments));
        TailBench.Outcome outcome;
        try {
            outcome = TailBench.run(BenchOptions.parse(arguments.split(" "), arguments));
        } catch (Exception e) { // the bench itself failed: say so in the file, and fail the run
            String why = BatchOutcome.clean(e.toString());
            outcome = new TailBench.Outcome(
                    List.of("", "Failed: " + why), List.of("fanout's tail workload failed: " + why), "", List.of());
        }
        results.loadAfter();
        results.tail(outcome);
        return outcome.fanoutRight();
    }

    /** Runs the command's first batch beside a warm one; returns whether every answer was right. */
    private static boolean cli(ResultsFile results, String jar, String cli) {
        results.command("java -cp " + jar + " " + CliFirstBatchBench.class.getName() + " " + cli);
        results.loadBefore(EarlierResults.Workload.CLI.label + " " + cli, RunEstimate.cli(cli));
        CliFirstBatchBench.Outcome firstBatch;
        try {
            firstBatch = CliFirstBatchBench.run(BenchOptions.parse(cli.split(" "), cli));
        } catch (Exception e) { // the command failed: say so, and run the workloads after it
            firstBatch = new CliFirstBatchBench.Outcome(List.of("Failed: " + BatchOutcome.clean(e.toString())), false);
        }
        results.loadAfter();
        results.cli(firstBatch.lines());
        return firstBatch.right();
    }

    private static boolean fanOut(ResultsFile results, Path out, String server, String arguments, String contenders)
            throws Exception {
        String all = arguments + (server.equals("wiremock") ? "" : " --server lean") + " --contenders " + contenders;
        results.command("java -cp bench/target/benchmarks.jar dev.fanout.bench.FanOutBench " + all);
        results.loadBefore(
                EarlierResults.Workload.FAN_OUT.label + " " + arguments,
                RunEstimate.fanOut(arguments, contenders.split(",").length));
        List<List<FanOutRow>> rows = FanOutBench.run(BenchOptions.parse(all.split(" "), all));
        results.loadAfter();
        rows.forEach(perN -> results.fanOut(server, perN));
        rows.forEach(perN -> FanOutReport.failures(perN).forEach(line -> results.failure(line + " (" + server + ")")));
        results.write(out); // after each workload: a run stopped part-way leaves what it measured
        return FanOutBench.fanoutRight(rows);
    }

    /**
     * Runs fan-out over HTTP/2 against nginx with {@code arguments} (fanout, the JDK's client and
     * Reactor Netty, with N connections allowed and, in the full run, told the server's limit);
     * returns whether fanout's answers were all right. Skipped, and said so, where nginx's echo
     * module is missing.
     */
    private static boolean http2(ResultsFile results, String arguments) throws Exception {
        if (!Files.exists(Path.of(Http2FanOutBench.ECHO_MODULE))) {
            results.http2Skipped(Http2FanOutBench.ECHO_MODULE + " is missing (apt-get install libnginx-mod-http-echo)");
            return true;
        }
        results.command("java -cp bench/target/benchmarks.jar dev.fanout.bench.Http2FanOutBench " + arguments);
        results.loadBefore(EarlierResults.Workload.HTTP2.label + " " + arguments, RunEstimate.http2(arguments));
        List<Http2Report> reports = Http2FanOutBench.run(BenchOptions.parse(arguments.split(" "), arguments));
        results.loadAfter();
        reports.forEach(results::http2);
        return reports.stream().allMatch(Http2Report::fanoutRight);
    }

    /** Returns this JVM's {@code java}, for the benches it starts. */
    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs {@code command}, echoing each line of its output and handing it to {@code line}; returns its exit code. */
    private static int subprocess(List<String> command, Consumer<String> line) throws Exception {
        Process process = ChildProcesses.builder(command).start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String text; (text = out.readLine()) != null; ) {
                System.out.println(text);
                line.accept(text);
            }
        }
        return process.waitFor();
    }
}
