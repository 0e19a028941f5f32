package dev.fanout.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Vert.x 5's WebClient: {@code send()} for each URL, then {@code Future.join} of them all, its
 * documented way to wait for several futures. Its HTTP/1.1 pool (5 connections by default) is
 * raised to the batch, its wait queue is unbounded (the default), its timeouts are 30 s like
 * fanout's, and it keeps Vert.x's own event loops (twice the cores), on Vert.x's native
 * transport ({@code setPreferNativeTransport}: epoll here; none of NIO, epoll and io_uring was
 * clearly ahead at 10,000, bench/README.md).
 */
final class VertxContender implements Contender {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    private final WebClient client;

    VertxContender(int maxConnections) {
        client = WebClient.create(
                vertx,
                new WebClientOptions().setConnectTimeout(30_000).setIdleTimeout(60),
                new PoolOptions().setHttp1MaxSize(maxConnections));
    }

    @Override
    public String name() {
        return "vertx";
    }

    @Override
    public int fetchAll(List<String> urls, int bodyLength) throws Exception {
        List<Future<HttpResponse<Buffer>>> futures = urls.stream()
                .map(url -> client.getAbs(url).timeout(30_000).send())
                .toList();
        // join, not all: wait for every one, failed ones included, then count the right answers.
        Future.join(futures)
                .toCompletionStage()
                .handle((r, e) -> r)
                .toCompletableFuture()
                .get(5, TimeUnit.MINUTES);
        return (int) futures.stream()
                .filter(Future::succeeded)
                .map(Future::result)
                .filter(r -> Contender.expected(
                        r.statusCode(), r.body() == null ? 0 : r.body().length(), bodyLength))
                .count();
    }

    @Override
    public void close() {
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
