package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.loop.testing.Await;
import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link FanoutClient#stats()}, {@link FanoutClient#stats(String)} and
 * {@link FanoutClient#originStats()} read from the test's thread while a batch is held by the
 * server, after it, and after the client closed: the open requests and connections they count, in
 * all and per origin, are the ones the server sees.
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
    void statsPerOriginCountEachOriginsConnectionsWhileABatchIsHeldAndAfter(SlowEndpoints server) throws Exception {
        String byAddress = server.neverAnswers();
        String byName = byAddress.replace("127.0.0.1", "localhost");
        String address = byAddress.replaceAll("^(http://[^/]+)/.*", "$1");
        String name = byName.replaceAll("^(http://[^/]+)/.*", "$1");
        FanoutClient client = FanoutClient.builder().build();
        try {
            assertThat(client.originStats()).isEmpty();
            assertThat(client.stats(address)).isEqualTo(new OriginStats(address, 0, 0));

            // two origins in one batch: the same server by its address and by its name
            Batch batch = client.startAll(
                    List.of(Request.get(byAddress), Request.get(byName), Request.get(byAddress + "?2")));
            Await.until("3 requests on 3 connections", () -> client.stats().openConnections() == 3);
            assertThat(client.stats(address + "/any/path")).isEqualTo(new OriginStats(address, 2, 0));
            assertThat(client.stats(name)).isEqualTo(new OriginStats(name, 1, 0));
            assertThat(client.stats(name).activeConnections()).isEqualTo(1);
            assertThat(client.originStats())
                    .containsExactlyInAnyOrder(new OriginStats(address, 2, 0), new OriginStats(name, 1, 0));
            batch.cancel();
            batch.awaitAll();
            Await.until("the held connections closed", () -> client.stats().openConnections() == 0);
            assertThat(client.originStats()).isEmpty();
            assertThat(client.stats(name)).isEqualTo(new OriginStats(name, 0, 0));

            client.fetchAll(List.of(server.body(1), server.body(2).replace("127.0.0.1", "localhost")));
            assertThat(client.originStats())
                    .containsExactlyInAnyOrder(new OriginStats(address, 1, 1), new OriginStats(name, 1, 1));
            assertThat(client.stats(address).activeConnections()).isZero();
        } finally {
            client.close();
        }
        assertThat(client.originStats()).isEmpty();
        assertThat(client.stats(address)).isEqualTo(new OriginStats(address, 0, 0));
    }

    @Test
    void anOriginThatIsNotAUrlIsRefused() {
        try (FanoutClient client = FanoutClient.builder().build()) {
            assertThatThrownBy(() -> client.stats("ftp://x"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("stats: not an origin: ftp://x");
        }
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
