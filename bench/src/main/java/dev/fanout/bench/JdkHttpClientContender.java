package dev.fanout.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The JDK's java.net.http.HttpClient: sendAsync for each URL, then allOf. HTTP/1.1, as fanout. It
 * has no limit on connections: given one, each sendAsync first takes a permit of a semaphore of
 * that many, on the calling thread, and gives it back as its response completes.
 */
final class JdkHttpClientContender implements Contender {

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    private final Semaphore connections; // null: no limit

    /** A contender whose requests wait for one of {@code maxConnections} permits; 0: none wait. */
    JdkHttpClientContender(int maxConnections) {
        connections = maxConnections > 0 ? new Semaphore(maxConnections) : null;
    }

    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public int fetchAll(List<String> urls, int bodyLength) {
        List<CompletableFuture<HttpResponse<byte[]>>> futures =
                urls.stream().map(this::send).toList();
        return Contender.rightAnswers(
                futures, response -> Contender.expected(response.statusCode(), response.body().length, bodyLength));
    }

    private CompletableFuture<HttpResponse<byte[]>> send(String url) {
        // 30 s, as every other client's request (its connect timeout alone left a stalled request
        // to the process's 5-minute limit).
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .build();
        if (connections == null) {
            return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        }
        connections.acquireUninterruptibly();
        try {
            return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                    .whenComplete((response, failure) -> connections.release());
        } catch (RuntimeException e) { // refused before it was sent: its permit back too
            connections.release();
            throw e;
        }
    }

    @Override
    public void close() {
        // java.net.http.HttpClient has no close() before Java 21; the JVM ends after the run.
    }
}
