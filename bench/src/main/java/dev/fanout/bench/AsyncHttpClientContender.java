package dev.fanout.bench;

import static org.asynchttpclient.Dsl.asyncHttpClient;
import static org.asynchttpclient.Dsl.config;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.DefaultAsyncHttpClientConfig;
import org.asynchttpclient.Response;
import org.asynchttpclient.filter.ThrottleRequestFilter;

/**
 * AsyncHttpClient 3: {@code executeRequest} for each URL, then {@code allOf} of the futures, as its
 * README shows. Its connection limits (none by default) are set to the batch, its timeouts to
 * 30 s like fanout's, and it keeps its own event loops (twice the cores), on its native transport
 * ({@code setUseNativeTransport}: io_uring where Netty's loads, as here, else epoll), which is
 * opt-in and was a little faster on new connections than its default NIO (bench/README.md).
 */
final class AsyncHttpClientContender implements Contender {

    private final AsyncHttpClient client;

    /**
     * With {@code queued}, its {@code ThrottleRequestFilter} of {@code maxConnections} permits:
     * {@code execute} then waits on the calling thread for a request past the limit to have a
     * connection, where without it such a request fails at once.
     */
    AsyncHttpClientContender(int maxConnections, boolean queued) {
        DefaultAsyncHttpClientConfig.Builder config = config().setMaxConnections(maxConnections)
                .setMaxConnectionsPerHost(maxConnections)
                .setConnectTimeout(Duration.ofSeconds(30))
                .setRequestTimeout(Duration.ofSeconds(30))
                .setReadTimeout(Duration.ofSeconds(30))
                .setUseNativeTransport(true);
        if (queued) {
            config.addRequestFilter(new ThrottleRequestFilter(maxConnections));
        }
        client = asyncHttpClient(config);
    }

    @Override
    public String name() {
        return "async-http-client";
    }

    @Override
    public int fetchAll(List<String> urls, int bodyLength) {
        List<CompletableFuture<Response>> futures = urls.stream()
                .map(url -> client.prepareGet(url).execute().toCompletableFuture())
                .toList();
        return Contender.rightAnswers(
                futures, r -> Contender.expected(r.getStatusCode(), r.getResponseBodyAsBytes().length, bodyLength));
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            throw new IllegalStateException(e); // its close() declares it; it does not throw on a close
        }
    }
}
