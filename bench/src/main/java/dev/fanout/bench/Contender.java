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
