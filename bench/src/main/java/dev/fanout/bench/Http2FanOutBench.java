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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;

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
 * Options: {@code --sizes 1000,10000}, {@code --delay-ms 250}, {@code --rounds 3} (measured
 * batches per client), {@code --warmups 3}, {@code --servers nginx,testkit},
 * {@code --contenders fanout,jdk,reactor-netty} (and {@code reactor-netty-fitted}: see
 * {@link ReactorNettyHttp2Contender}), {@code --nginx nginx},
 * {@code --echo-module /usr/lib/nginx/modules/ngx_http_echo_module.so}, {@code --dir DIR}
 * (nginx's working directory, default {@code h2-nginx/} beside the benchmark jar, so
 * {@code bench/target/h2-nginx}).
 */
public final class Http2FanOutBench {

    /** Requests per server warm-up batch: under the 128 streams both servers allow a connection. */
    private static final int WARM_UP_BATCH = 100;

    private static final int WARM_UP_BATCHES = 10;

    private Http2FanOutBench() {}

    /** Runs the comparison; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // the server's start-up chatter
        Map<String, String> options = parse(args);
        int[] sizes = Arrays.stream(options.getOrDefault("sizes", "1000,10000").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        Duration delay = Duration.ofMillis(Long.parseLong(options.getOrDefault("delay-ms", "250")));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        int warmups = Integer.parseInt(options.getOrDefault("warmups", "3"));
        List<String> servers =
                List.of(options.getOrDefault("servers", "nginx,testkit").split(","));
        List<String> contenders = List.of(
                options.getOrDefault("contenders", "fanout,jdk,reactor-netty").split(","));
        Http2ContenderProcess process = new Http2ContenderProcess("2g", 30);

        System.out.printf(
                "fan-out over HTTP/2 (h2 over TLS) to one origin, every URL held %d ms; median of %d batches"
                        + " after %d warm-up ones, a new client per batch, each client in a JVM of its own;"
                        + " %d core(s); Java %s%n",
                delay.toMillis(),
                rounds,
                warmups,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        for (String name : servers) {
            try (Http2Origin origin = start(name, options, delay)) {
                System.out.printf("%nserver: %s%n", origin.describe());
                warmUp(origin);
                for (int n : sizes) {
                    List<String> urls = origin.urls(n);
                    String loadBefore = loadAverage();
                    Map<String, List<Http2BatchResult>> runs = new LinkedHashMap<>();
                    for (String contender : contenders) {
                        runs.put(contender, process.run(contender, origin, urls, n, warmups, rounds));
                    }
                    print(origin.name(), n, runs, loadBefore, loadAverage());
                }
            }
        }
    }

    private static Http2Origin start(String name, Map<String, String> options, Duration delay) throws Exception {
        return switch (name) {
            case "nginx" ->
                NginxHttp2Origin.start(
                        options.getOrDefault("nginx", "nginx"),
                        options.getOrDefault("echo-module", "/usr/lib/nginx/modules/ngx_http_echo_module.so"),
                        options.containsKey("dir") ? Path.of(options.get("dir")) : defaultDir(),
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

    private static void print(
            String server, int n, Map<String, List<Http2BatchResult>> runs, String loadBefore, String loadAfter) {
        Map<String, List<Http2BatchResult>> measured = new LinkedHashMap<>();
        runs.forEach((contender, batches) -> measured.put(
                contender, batches.stream().filter(batch -> !batch.warmUp()).toList()));
        long fanoutWall =
                measured.containsKey("fanout") ? median(measured.get("fanout"), Http2BatchResult::wallMillis) : 0;
        System.out.printf("%n%s, N = %,d (load average %s before, %s after)%n", server, n, loadBefore, loadAfter);
        System.out.println("| client | wall ms, median (min–max) | × fanout's | failed requests per batch"
                + " | connections opened per batch | requests the server saw | server's peak of requests"
                + " held at once | peak on one connection |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        measured.forEach((contender, batches) -> {
            long wall = median(batches, Http2BatchResult::wallMillis);
            System.out.printf(
                    "| %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    contender,
                    spread(batches, Http2BatchResult::wallMillis),
                    fanoutWall > 0 ? String.format("%.2f", (double) wall / fanoutWall) : "-",
                    spread(batches, batch -> batch.outcome().failed()),
                    spread(batches, batch -> batch.server().connectionsOpened()),
                    spread(batches, batch -> batch.server().requests()),
                    spread(batches, batch -> batch.server().peakStreams()),
                    spread(batches, batch -> batch.server().peakStreamsOnOneConnection()));
        });
        measured.forEach((contender, batches) -> {
            BatchOutcome sum = batches.stream()
                    .map(Http2BatchResult::outcome)
                    .reduce(BatchOutcome::plus)
                    .orElseThrow();
            if (sum.failed() > 0) {
                System.out.printf(
                        "%s: %,d of %,d requests failed in %d batches:%n",
                        contender, sum.failed(), sum.requests(), batches.size());
                sum.failures().entrySet().stream()
                        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                        .forEach(failure -> System.out.printf("  %,d × %s%n", failure.getValue(), failure.getKey()));
            }
            long http1 = batches.stream()
                    .filter(batch -> batch.server().http2Requests() >= 0
                            && batch.server().http2Requests() != batch.server().requests())
                    .count();
            if (http1 > 0) {
                System.out.printf("%s: in %d batches the server saw requests that were not HTTP/2%n", contender, http1);
            }
        });
    }

    /** Returns the median of {@code value} over {@code batches} (the upper one of an even count). */
    private static long median(List<Http2BatchResult> batches, ToLongFunction<Http2BatchResult> value) {
        long[] sorted = batches.stream().mapToLong(value).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    /** Returns {@code median (min–max)}, or the one value when all are equal, or "-" when unknown. */
    private static String spread(List<Http2BatchResult> batches, ToLongFunction<Http2BatchResult> value) {
        long[] sorted = batches.stream().mapToLong(value).sorted().toArray();
        long median = sorted[sorted.length / 2];
        if (sorted[0] < 0) {
            return "-";
        }
        return sorted[0] == sorted[sorted.length - 1]
                ? String.format("%,d", median)
                : String.format("%,d (%,d–%,d)", median, sorted[0], sorted[sorted.length - 1]);
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

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: --sizes 1000,10000 --delay-ms 250 --rounds 3 --warmups 3"
                        + " --servers nginx,testkit --contenders fanout,jdk,reactor-netty (got: " + args[i] + ")");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
