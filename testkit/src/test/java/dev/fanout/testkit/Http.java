package dev.fanout.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;

/** The JDK's HTTP client, as any user of the testkit might drive it. */
final class Http {

    private final HttpClient client;

    private Http(HttpClient client) {
        this.client = client;
    }

    /** An HTTP/1.1 client that trusts what {@code server} tells it to. */
    static Http http1(SlowEndpoints server) {
        return with(server.sslContext(), HttpClient.Version.HTTP_1_1);
    }

    static Http with(SSLContext tls, HttpClient.Version version) {
        return new Http(HttpClient.newBuilder()
                .version(version)
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10))
                .build());
    }

    HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return client.send(request(url), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String url, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> getAsync(String url) {
        return client.sendAsync(request(url), HttpResponse.BodyHandlers.ofString());
    }

    /** Starts every request at once, then waits for them all; returns the responses in order. */
    List<HttpResponse<String>> getAll(List<String> urls) {
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (String url : urls) {
            futures.add(getAsync(url));
        }
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> future : futures) {
            responses.add(future.join());
        }
        return responses;
    }

    /** Runs {@code call} and returns its value with the time it took. */
    static <T> Timed<T> timed(Call<T> call) throws IOException, InterruptedException {
        long start = System.nanoTime();
        T value = call.call();
        return new Timed<>(value, Duration.ofNanos(System.nanoTime() - start));
    }

    private static HttpRequest request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).build();
    }

    interface Call<T> {
        T call() throws IOException, InterruptedException;
    }

    record Timed<T>(T value, Duration took) {}
}
