package dev.fanout.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Fan-out over HTTP/2 side by side: each client fetches N distinct URLs of ONE origin, which
 * holds each request for the same delay, all at once, over {@code h2} (TLS, ALPN), in a JVM of
 * its own; the origin is nginx with {@code http2} and the echo module, then the testkit's WireMock
 * with HTTP/2 on. Each batch has a client of its own (no connection left from the batch before),
 * in a JVM warmed up by the batches before it. Prints, per origin and N, each client's median
 * wall time with its min–max and its ratio to fanout's, the requests that did not get a 200 over
 * HTTP/2, the connections the server accepted per batch, and the most requests the server held at
 * once (and, for nginx, on one connection); then every kind of failure with its count.
 *
 * <pre>
 * apt-get install -y nginx libnginx-mod-http-echo   # once; the bench starts and stops its own nginx
 * mvn -B -ntp -q -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar dev.fanout.bench.Http2FanOutBench
 * </pre>
 *
 * Options: {@code --sizes 1000,10000}, {@code --delay-ms 250}, {@code --processes 1} (JVMs per
 * client and N, the clients taking turns process by process), {@code --rounds 3} (measured batches
 * per process), {@code --warmups 3} (per process), {@code --servers nginx,testkit},
 * {@code --contenders fanout,jdk,reactor-netty} (and {@code reactor-netty-fitted}: see
 * {@link ReactorNettyHttp2Contender}), {@code --nginx nginx},
 * {@code --echo-module /usr/lib/nginx/modules/ngx_http_echo_module.so}, {@code --dir DIR}
 * (nginx's working directory, default {@code h2-nginx/} beside the benchmark jar, so
 * {@code bench/target/h2-nginx}). {@link AllBench} runs it against nginx with 5 processes of one
 * measured batch each. Exits 1 if fanout failed a request or a process of it failed; a peer's
 * failures are printed under the table.
 */
public final class Http2FanOutBench {

    /** Requests per server warm-up batch: under the 128 streams both servers allow a connection. */
    private static final int WARM_UP_BATCH = 100;

    private static final int WARM_UP_BATCHES = 10;

    /** Where Debian's libnginx-mod-http-echo puts nginx's echo module. */
    static final String ECHO_MODULE = "/usr/lib/nginx/modules/ngx_http_echo_module.so";

    private static final String USAGE = "--sizes 1000,10000 --delay-ms 250 --processes 1 --rounds 3 --warmups 3"
            + " --servers nginx,testkit --contenders fanout,jdk,reactor-netty";

    private Http2FanOutBench() {}

    /** Runs the comparison; see the class comment for the options. Exits 1 if fanout failed a request. */
    public static void main(String[] args) throws Exception {
        List<Http2Report> reports = run(BenchOptions.parse(args, USAGE));
        System.exit(reports.stream().allMatch(Http2Report::fanoutRight) ? 0 : 1);
    }

    /** Runs the bench with {@code options}; returns a report per origin and N, each printed as it ends. */
    static List<Http2Report> run(BenchOptions options) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // the server's start-up chatter
        int[] sizes = Arrays.stream(options.text("sizes", "1000,10000").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        Duration delay = Duration.ofMillis(options.longNumber("delay-ms", 250));
        int processes = options.number("processes", 1);
        int rounds = options.number("rounds", 3);
        int warmups = options.number("warmups", 3);
        List<String> servers = List.of(options.text("servers", "nginx,testkit").split(","));
        List<String> contenders =
                List.of(options.text("contenders", "fanout,jdk,reactor-netty").split(","));
        Http2ContenderProcess process = new Http2ContenderProcess("2g", 30);

        System.out.printf(
                "fan-out over HTTP/2 (h2 over TLS) to one origin, every URL held %d ms; %d process(es) per"
                        + " client and N, each %d warm-up batches then %d measured ones, a new client per batch;"
                        + " %d core(s); Java %s%n",
                delay.toMillis(),
                processes,
                warmups,
                rounds,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        List<Http2Report> reports = new ArrayList<>();
        for (String name : servers) {
            try (Http2Origin origin = start(name, options, delay)) {
                System.out.printf("%nserver: %s%n", origin.describe());
                warmUp(origin);
                for (int n : sizes) {
                    List<String> urls = origin.urls(n);
                    Http2Report report =
                            Http2Report.start(origin.name(), n, delay.toMillis(), contenders, loadAverage());
                    // The clients take turns process by process, so that the machine's noise falls on all.
                    for (int p = 0; p < processes; p++) {
                        for (String contender : contenders) {
                            try {
                                process.run(contender, origin, urls, n, warmups, rounds).stream()
                                        .filter(batch -> !batch.warmUp())
                                        .forEach(report.measured().get(contender)::add);
                            } catch (IllegalStateException e) {
                                report.failedProcesses().putIfAbsent(contender, BatchOutcome.clean(e.getMessage()));
                            }
                        }
                    }
                    report = report.ended(loadAverage());
                    System.out.printf(
                            "%n%s, N = %,d (load average %s before, %s after)%n",
                            origin.name(), n, report.loadBefore(), report.loadAfter());
                    report.lines().forEach(System.out::println);
                    reports.add(report);
                }
            }
        }
        return reports;
    }

    private static Http2Origin start(String name, BenchOptions options, Duration delay) throws Exception {
        return switch (name) {
            case "nginx" ->
                NginxHttp2Origin.start(
                        options.text("nginx", "nginx"),
                        options.text("echo-module", ECHO_MODULE),
                        options.text("dir", null) != null ? Path.of(options.text("dir", null)) : defaultDir(),
                        delay);
            case "testkit" -> TestkitHttp2Origin.start(delay);
            default -> throw new IllegalArgumentException("server: " + name + " (expected: nginx or testkit)");
        };
    }

    /**
     * Warms the server up (the testkit's JIT and thread pools) with the JDK's client over
     * HTTP/2, in batches that fit in one connection's streams, and checks that it answers 200
     * over HTTP/2; no contender then meets a colder server than another.
     */
    private static void warmUp(Http2Origin origin) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .sslContext(JdkHttp2Contender.sslContext(origin.certificatePem()))
                .build();
        List<String> urls = origin.urls(WARM_UP_BATCH);
        for (int batch = 0; batch < WARM_UP_BATCHES; batch++) {
            List<CompletableFuture<HttpResponse<Void>>> answers = urls.stream()
                    .map(url -> client.sendAsync(
                            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()))
                    .toList();
            for (CompletableFuture<HttpResponse<Void>> answer : answers) {
                HttpResponse<Void> response = answer.join();
                if (response.statusCode() != 200 || response.version() != HttpClient.Version.HTTP_2) {
                    throw new IllegalStateException(response.uri() + " answered " + response.statusCode() + " over "
                            + response.version() + " (expected: 200 over HTTP_2)");
                }
            }
        }
    }

    /** Returns the machine's load average over the last minute, as {@code /proc/loadavg} has it. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /** Returns {@code h2-nginx/} beside the benchmark jar (or beside the classes folder). */
    private static Path defaultDir() throws URISyntaxException {
        Path code = Path.of(Http2FanOutBench.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        return code.toAbsolutePath().getParent().resolve("h2-nginx");
    }
}
