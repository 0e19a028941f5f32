package dev.fanout.bench;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Jetty 12's HttpClient: for each URL a request sent with a {@code CompletableResponseListener}
 * (Jetty 12's way to a {@code CompletableFuture} of the whole response), then {@code allOf}.
 * Its limits (64 connections and 1,024 queued requests per destination by default) are raised to
 * the batch, its timeouts are 30 s like fanout's, and it keeps its own selectors and thread pool.
 *
 * <p>Reached by reflection, on a class path of its own: the bench jar holds WireMock's Jetty 11,
 * whose {@code org.eclipse.jetty.client} package has the same name, so Jetty 12 cannot be compiled
 * against here. The bench copies Jetty 12's jars to {@code target/peers/jetty-12/} and
 * {@link ContenderProcess} puts them before the bench jar in this contender's JVM. A reflective call
 * costs tens of nanoseconds, nothing beside a request.
 */
final class JettyContender implements Contender {

    /** Where the bench's build puts Jetty 12's jars, beside {@code benchmarks.jar}. */
    static final String JARS = "peers/jetty-12";

    private final Object client;
    private final Method newRequest;
    private final Method timeout;
    private final Constructor<?> listener;
    private final Method send;
    private final Method status;
    private final Method content;

    JettyContender(int maxConnections) {
        try {
            Class<?> clientClass = Class.forName("org.eclipse.jetty.client.HttpClient");
            Class<?> requestClass = Class.forName("org.eclipse.jetty.client.Request");
            Class<?> listenerClass = Class.forName("org.eclipse.jetty.client.CompletableResponseListener");
            Class<?> responseClass = Class.forName("org.eclipse.jetty.client.ContentResponse");
            client = clientClass.getConstructor().newInstance();
            clientClass.getMethod("setMaxConnectionsPerDestination", int.class).invoke(client, maxConnections);
            // As fanout's maxQueued: a throughput batch queues 100,000 behind 64 connections. The
            // queue grows as needed (Jetty's BlockingArrayQueue starts at 32), so it costs nothing here.
            clientClass
                    .getMethod("setMaxRequestsQueuedPerDestination", int.class)
                    .invoke(client, Math.max(maxConnections, 1_000_000));
            clientClass.getMethod("setConnectTimeout", long.class).invoke(client, 30_000L);
            clientClass.getMethod("start").invoke(client);
            newRequest = clientClass.getMethod("newRequest", String.class);
            timeout = requestClass.getMethod("timeout", long.class, TimeUnit.class);
            listener = listenerClass.getConstructor(requestClass, int.class);
            send = listenerClass.getMethod("send");
            status = responseClass.getMethod("getStatus");
            content = responseClass.getMethod("getContent");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Jetty 12's client is not on the class path (" + JARS + "): " + e, e);
        }
    }

    @Override
    public String name() {
        return "jetty";
    }

    @Override
    public int fetchAll(List<String> urls, int bodyLength) throws ReflectiveOperationException {
        List<CompletableFuture<?>> futures = new ArrayList<>(urls.size());
        for (String url : urls) {
            Object request = timeout.invoke(newRequest.invoke(client, url), 30L, TimeUnit.SECONDS);
            // The listener buffers the body; 2 MiB is its default most, far above the benches' bodies.
            futures.add((CompletableFuture<?>) send.invoke(listener.newInstance(request, 2 << 20)));
        }
        CompletableFuture.allOf(futures.stream().map(f -> f.handle((r, e) -> r)).toArray(CompletableFuture[]::new))
                .join();
        int ok = 0;
        for (CompletableFuture<?> future : futures) {
            if (!future.isCompletedExceptionally()) {
                Object response = future.join();
                byte[] body = (byte[]) content.invoke(response);
                if (Contender.expected((int) status.invoke(response), body.length, bodyLength)) {
                    ok++;
                }
            }
        }
        return ok;
    }

    @Override
    public void close() {
        try {
            client.getClass().getMethod("stop").invoke(client);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
