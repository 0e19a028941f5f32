package dev.fanout.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** OkHttp: enqueue each call; its dispatcher's limits (64 in all, 5 per host) raised to the batch. */
final class OkHttpContender implements Contender {

    private final OkHttpClient client;

    OkHttpContender(int maxConnections) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(maxConnections);
        dispatcher.setMaxRequestsPerHost(maxConnections);
        client = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(maxConnections, 5, TimeUnit.MINUTES))
                .protocols(List.of(Protocol.HTTP_1_1))
                .readTimeout(60, TimeUnit.SECONDS)
                .build();
    }

    @Override
    public String name() {
        return "okhttp";
    }

    @Override
    public int fetchAll(List<String> urls, int bodyLength) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(urls.size());
        AtomicInteger ok = new AtomicInteger();
        for (String url : urls) {
            client.newCall(new Request.Builder().url(url).build()).enqueue(new Callback() {
                @Override
                public void onResponse(Call call, Response response) throws IOException {
                    try (ResponseBody body = response.body()) {
                        int length = body.bytes().length;
                        if (Contender.expected(response.code(), length, bodyLength)) {
                            ok.incrementAndGet();
                        }
                    } finally {
                        done.countDown();
                    }
                }

                @Override
                public void onFailure(Call call, IOException e) {
                    done.countDown();
                }
            });
        }
        done.await();
        return ok.get();
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
