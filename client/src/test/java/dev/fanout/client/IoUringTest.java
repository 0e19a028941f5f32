package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fanout.loop.Loop;
import dev.fanout.loop.Transport;
import dev.fanout.loop.testing.Await;
import dev.fanout.testkit.SlowEndpoints;
import io.netty.channel.uring.IoUring;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client on an io_uring loop, where a socket's close completes when the kernel reports it,
 * after the call that asked for it: a batch over HTTP/1.1, HTTPS and HTTP/2 leaks nothing, and
 * a close mid-batch has closed every connection when it returns, even if the loop ends right
 * after. Skipped where io_uring does not load.
 */
class IoUringTest {

    @BeforeAll
    static void ioUringLoads() {
        assumeTrue(IoUring.isAvailable(), () -> "io_uring does not load here: " + IoUring.unavailabilityCause());
    }

    private static Loop ioUringLoop(String name) {
        return Loop.builder().name(name).transport(Transport.IO_URING).start();
    }

    @Test
    void aBatchOverHttpHttpsAndHttp2EndsInOrderAndLeaksNothing() {
        try (SlowEndpoints server = SlowEndpoints.builder().http2(true).start();
                Loop loop = ioUringLoop("io-uring-batch");
                FanoutClient client = FanoutClient.builder()
                        .loop(loop)
                        .trustCertificates(server.certificatePem())
                        .build()) {
            List<String> urls = new ArrayList<>(server.delayed(100, Duration.ofSeconds(1)));
            urls.add(server.https(server.body(10)));
            urls.add(server.https(server.json()));

            List<Result> results = client.fetchAll(urls);

            assertThat(results)
                    .hasSize(102)
                    .allSatisfy(r -> assertThat(r.ok()).as("%s", r).isTrue());
            assertThat(results.get(0).request().url()).isEqualTo(urls.get(0));
            assertThat(results.get(101).response().protocol()).isEqualTo("HTTP/2");
            assertThat(server.peakInFlight()).isEqualTo(100); // all held at once
        }
    }

    @Test
    void closingMidBatchHasClosedEveryConnectionWhenCloseReturns() throws Exception {
        int n = 20_000;
        try (CapacityServer server = CapacityServer.queueing(1000, 1)) {
            Loop loop = ioUringLoop("io-uring-close");
            FanoutClient client =
                    FanoutClient.builder().loop(loop).maxConnectionsPerHost(50).build();
            List<Request> requests = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                requests.add(Request.get(server.origin() + "/item/" + i));
            }
            CountDownLatch half = new CountDownLatch(n / 2);
            Batch batch = client.startAll(requests);
            batch.onResult(r -> half.countDown());
            assertThat(half.await(60, TimeUnit.SECONDS)).isTrue();

            client.close(); // while requests flow on every connection
            int openWhenCloseReturned = client.stats().openConnections();
            loop.close(); // a loop that ends at once cannot finish a close still under way

            assertThat(openWhenCloseReturned).isZero();
            assertThat(batch.awaitAll(Duration.ofSeconds(30)))
                    .allSatisfy(r -> assertThat(r.ok() || r.error().kind() == ErrorKind.CANCELLED)
                            .as("%s", r)
                            .isTrue());
            assertThat(Await.value(server::openConnections, c -> c == 0))
                    .as("connections left open at the server")
                    .isZero();
        }
    }
}
