package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.loop.testing.Await;
import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link FanoutClient#stats()} read from the test's thread while a batch is held by the server,
 * after it, and after the client closed: the open requests and connections it counts are the ones
 * the server sees.
 */
class ClientStatsTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    @Test
    void statsCountWhatIsOpenWhileABatchIsHeldAndAfter(SlowEndpoints server) throws Exception {
        List<Request> held = List.of(
                Request.get(server.neverAnswers()),
                Request.get(server.neverAnswers()),
                Request.get(server.neverAnswers()));
        FanoutClient client = FanoutClient.builder().build();
        try {
            assertThat(client.stats()).isEqualTo(new ClientStats(0, 0, 0));

            Batch batch = client.startAll(held);
            Await.until("3 requests on 3 connections", () -> client.stats().openConnections() == 3);
            assertThat(client.stats()).isEqualTo(new ClientStats(3, 3, 0));
            batch.cancel();
            batch.awaitAll();
            Await.until("the held connections closed", () -> client.stats().openConnections() == 0);

            client.fetchAll(List.of(server.body(1), server.body(2)));
            assertThat(client.stats()).isEqualTo(new ClientStats(0, 2, 2));
        } finally {
            client.close();
        }
        assertThat(client.stats().openConnections()).isZero();
        assertThat(client.stats().openRequests()).isZero();
    }

    @Test
    void connectionsThatNeverOpenedAreNotCountedOnceTheirConnectEnds() throws Exception {
        try (FullBacklog full = new FullBacklog();
                FanoutClient client = FanoutClient.builder()
                        .connectTimeout(Duration.ofMillis(300))
                        .build()) {
            // one connect times out, the other is cancelled while it waits: neither channel was ever active
            Result timedOut = client.fetchAll(List.of(full.url("/a"))).get(0);
            assertThat(timedOut.error().kind()).as("%s", timedOut.error()).isEqualTo(ErrorKind.CONNECT);
            Await.until(
                    "the timed-out connection uncounted", () -> client.stats().openConnections() == 0);

            Batch batch = client.startAll(List.of(Request.get(full.url("/b"))));
            Await.until("a connection being opened", () -> client.stats().openConnections() == 1);
            batch.cancel();
            assertThat(batch.awaitAll().get(0).error().kind()).isEqualTo(ErrorKind.CANCELLED);
            Await.until(
                    "the cancelled connection uncounted", () -> client.stats().openConnections() == 0);
            assertThat(client.stats()).isEqualTo(new ClientStats(0, 0, 0));
        }
    }
}
