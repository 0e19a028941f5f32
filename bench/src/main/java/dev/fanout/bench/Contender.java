package dev.fanout.bench;

import java.util.List;

/**
 * One HTTP client under test: it fetches a batch of URLs all at once, the way each client's
 * own documentation recommends for concurrent requests, with its concurrency limits raised so
 * that none of them queues on a default the others do not have.
 */
interface Contender extends AutoCloseable {

    /** Returns the name printed in the results. */
    String name();

    /** Fetches every URL concurrently, reads each body, and returns how many answered 200. */
    int fetchAll(List<String> urls) throws Exception;

    /** Releases the client's threads and connections; throws nothing (none of the clients' closes does). */
    @Override
    void close();

    /** Creates the contender called {@code name}. */
    static Contender create(String name, int maxConnections) {
        return switch (name) {
            case "fanout" -> new FanoutContender(maxConnections);
            case "jdk" -> new JdkHttpClientContender();
            case "okhttp" -> new OkHttpContender(maxConnections);
            case "reactor-netty" -> new ReactorNettyContender(maxConnections);
            case "apache-async" -> new ApacheAsyncContender(maxConnections);
            default ->
                throw new IllegalArgumentException(
                        "contender: " + name + " (expected: one of fanout, jdk, okhttp, reactor-netty, apache-async)");
        };
    }
}
