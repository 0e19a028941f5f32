package dev.fanout.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * One HTTP client under test: it fetches a batch of URLs all at once, the way each client's
 * own documentation recommends for concurrent requests, with its concurrency limits raised so
 * that none of them queues on a default the others do not have.
 */
interface Contender extends AutoCloseable {

    /** Returns the name printed in the results. */
    String name();

    /** Fetches every URL concurrently, reads each body, and returns how many answered 200. */
    default int fetchAll(List<String> urls) throws Exception {
        return fetchAll(urls, -1);
    }

    /**
     * Fetches every URL concurrently, reads each body, and returns how many answered 200 with a
     * body of exactly {@code bodyLength} bytes (of any length when {@code bodyLength} is negative).
     */
    int fetchAll(List<String> urls, int bodyLength) throws Exception;

    /** Returns whether an answer is the one expected: a 200 with a body of the expected length. */
    static boolean expected(int status, int length, int bodyLength) {
        return status == 200 && (bodyLength < 0 || length == bodyLength);
    }

    /**
     * Waits for every future, failed ones included, and returns how many gave a {@code right}
     * answer: a failed request counts as a wrong answer, as in every contender, not thrown.
     */
    static <R> int rightAnswers(List<CompletableFuture<R>> futures, Predicate<R> right) {
        CompletableFuture.allOf(futures.stream().map(f -> f.handle((r, e) -> r)).toArray(CompletableFuture[]::new))
                .join();
        return (int) futures.stream()
                .filter(f -> !f.isCompletedExceptionally())
                .map(CompletableFuture::join)
                .filter(right)
                .count();
    }

    /** Releases the client's threads and connections; throws nothing (none of the clients' closes does). */
    @Override
    void close();

    /**
     * Creates the contender called {@code name} for a batch larger than its {@code maxConnections}
     * (ThroughputBench's 100,000 GETs over 64): as {@link #create}, but the two clients with no
     * queue of their own wait for a free connection on the calling thread, each the way its users
     * do. AsyncHttpClient fails a request past its connection limit at once
     * ({@code TooManyConnectionsPerHostException}), and takes its own {@code ThrottleRequestFilter}
     * for this; the JDK's client has no connection limit (a batch of 20,000 at once drew
     * connection errors: 15,719 right), and takes a semaphore of the connections. For a fan-out
     * batch, which has no more requests than connections, neither ever waits, so {@link #create}
     * leaves them out. TailBench's peers come here too ({@link ContenderRun}), with as many
     * connections as URLs: none waits.
     */
    static Contender createQueued(String name, int maxConnections) {
        return switch (name) {
            case "jdk" -> new JdkHttpClientContender(maxConnections);
            case "async-http-client" -> new AsyncHttpClientContender(maxConnections, true);
            default -> create(name, maxConnections);
        };
    }

    /** Creates the contender called {@code name}. */
    static Contender create(String name, int maxConnections) {
        return switch (name) {
            case "fanout" -> new FanoutContender(maxConnections);
            case "fanout-each" -> new FanoutContender(maxConnections, FanoutContender.Mode.FETCH_EACH);
            case "fanout-micrometer" -> new FanoutContender(maxConnections, FanoutContender.Mode.METERED);
            case SMALL_HEAP_FANOUT -> new FanoutContender(maxConnections); // its JVM's options differ
            case "jdk" -> new JdkHttpClientContender(0);
            case "okhttp" -> new OkHttpContender(maxConnections);
            case "reactor-netty" -> new ReactorNettyContender(maxConnections);
            case "apache-async" -> new ApacheAsyncContender(maxConnections);
            case "async-http-client" -> new AsyncHttpClientContender(maxConnections, false);
            case "vertx" -> new VertxContender(maxConnections);
            case "jetty" -> new JettyContender(maxConnections);
            case "netty-bare" -> new NettyBareContender();
            default ->
                throw new IllegalArgumentException("contender: " + name + " (expected: one of " + JVM_NAMES + ")");
        };
    }

    /**
     * fanout in a JVM started with {@link #SMALL_HEAP_OPTIONS}, the options the README recommends
     * for a batch of up to 10,000 URLs, instead of the {@code -Xmx} every other JVM gets: what
     * fanout's memory is when it is set up for it, beside aiohttp's.
     */
    String SMALL_HEAP_FANOUT = "fanout-xmx64m";

    /**
     * The JVM options of {@link #SMALL_HEAP_FANOUT}: a small heap, the serial collector, and C1
     * only (C2's compiles of Netty's paths compete with the loop thread on a small machine, and
     * without them the RSS was about 30 MiB lower at 5,000; C1 costs about a third of the
     * throughput of many small requests over few connections, so the README recommends it for
     * fan-out only: bench/README.md).
     */
    List<String> SMALL_HEAP_OPTIONS = List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    /** The contenders that run in a JVM, in the order the benches list them. */
    List<String> JVM_NAMES = List.of(
            "fanout",
            "jdk",
            "okhttp",
            "reactor-netty",
            "apache-async",
            "async-http-client",
            "vertx",
            "jetty",
            "netty-bare");

    /**
     * Returns the version of the library behind contender {@code name}, read at run time from the
     * {@code pom.properties} its jar carries (the first on the class path: Jetty 12's, in the Jetty
     * contender's JVM), the JDK's for {@code jdk}; else the version the bench was built with
     * ({@code peers.properties}), marked {@code (as built)}; or {@code "?"}.
     */
    static String version(String name) {
        String artifact = switch (name) {
            case "fanout", "fanout-each", "fanout-micrometer", SMALL_HEAP_FANOUT -> "dev.fanout/fanout-client";
            case "okhttp" -> "com.squareup.okhttp3/okhttp-jvm";
            case "reactor-netty" -> "io.projectreactor.netty/reactor-netty-http";
            case "apache-async" -> "org.apache.httpcomponents.client5/httpclient5";
            case "async-http-client" -> "org.asynchttpclient/async-http-client";
            case "vertx" -> "io.vertx/vertx-web-client";
            case "jetty" -> "org.eclipse.jetty/jetty-client";
            case "netty-bare" -> "io.netty/netty-codec-http";
            default -> null;
        };
        if (artifact == null) {
            return "JDK " + System.getProperty("java.version");
        }
        Properties properties = new Properties();
        try (InputStream in = Contender.class.getResourceAsStream("/META-INF/maven/" + artifact + "/pom.properties")) {
            if (in != null) {
                properties.load(in);
                return properties.getProperty("version", "?");
            }
        } catch (IOException e) {
            return "?";
        }
        try (InputStream in = Contender.class.getResourceAsStream("peers.properties")) {
            properties.load(in);
            return properties.getProperty(name, "?") + " (as built)";
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
