package dev.fanout.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The JDK's java.net.http.HttpClient: sendAsync for each URL, then allOf. HTTP/1.1, as fanout. */
final class JdkHttpClientContender implements Contender {

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .build();

    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public int fetchAll(List<String> urls, int bodyLength) {
        List<CompletableFuture<HttpResponse<byte[]>>> futures = urls.stream()
                .map(url -> client.sendAsync(
                        // 30 s, as every other client's request (its connect timeout alone left a stalled
                        // request to the process's 5-minute limit).
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray()))
                .toList();
        return Contender.rightAnswers(
                futures, response -> Contender.expected(response.statusCode(), response.body().length, bodyLength));
    }

    @Override
    public void close() {
        // java.net.http.HttpClient has no close() before Java 21; the JVM ends after the run.
    }
}
