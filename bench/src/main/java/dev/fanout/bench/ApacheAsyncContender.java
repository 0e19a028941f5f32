package dev.fanout.bench;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.io.CloseMode;

/** Apache HttpClient 5's async client: execute each request; its pool (25 per route) raised. */
final class ApacheAsyncContender implements Contender {

    private final CloseableHttpAsyncClient client;

    ApacheAsyncContender(int maxConnections) {
        client = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(maxConnections)
                        .setMaxConnPerRoute(maxConnections)
                        .build())
                .build();
        client.start();
    }

    @Override
    public String name() {
        return "apache-async";
    }

    @Override
    public int fetchAll(List<String> urls, int bodyLength) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(urls.size());
        AtomicInteger ok = new AtomicInteger();
        for (String url : urls) {
            SimpleHttpRequest request = SimpleRequestBuilder.get(url).build();
            client.execute(request, new FutureCallback<SimpleHttpResponse>() {
                @Override
                public void completed(SimpleHttpResponse response) {
                    byte[] body = response.getBodyBytes();
                    if (Contender.expected(response.getCode(), body == null ? 0 : body.length, bodyLength)) {
                        ok.incrementAndGet();
                    }
                    done.countDown();
                }

                @Override
                public void failed(Exception e) {
                    done.countDown();
                }

                @Override
                public void cancelled() {
                    done.countDown();
                }
            });
        }
        done.await();
        return ok.get();
    }

    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
    }
}
