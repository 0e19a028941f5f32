package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.loop.testing.Await;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Keep-alive: connections are reused, a closed one is never handed out, a stale one costs a GET nothing. */
class KeepAliveTest {

    private FanoutClient client;
    private RawServer server;

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Answers every request on a connection with 200 "ok", for as long as the client keeps it. */
    private static void keepAnswering(RawServer.Conn c) throws IOException {
        while (c.readRequest() != null) {
            c.write(RawServer.ok("ok"));
        }
    }

    private static List<String> urls(RawServer server, int n) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            urls.add(server.url("/" + i));
        }
        return urls;
    }

    @Test
    void repeatedBatchesReuseTheirConnections() throws IOException {
        server = new RawServer(KeepAliveTest::keepAnswering);
        client = FanoutClient.builder().maxConnectionsPerHost(5).build();

        for (int round = 0; round < 10; round++) {
            assertThat(client.fetchAll(urls(server, 20)))
                    .allSatisfy(r -> assertThat(r.ok()).isTrue());
        }

        assertThat(server.requests()).hasSize(200);
        assertThat(server.connections()).isLessThanOrEqualTo(5);
    }

    @Test
    void aReusedConnectionHasNoConnectPhase() throws IOException {
        server = new RawServer(KeepAliveTest::keepAnswering);
        client = FanoutClient.create();

        Result first = client.fetchAll(List.of(server.url("/1"))).get(0);
        Result second = client.fetchAll(List.of(server.url("/2"))).get(0);

        assertThat(first.timings().connect()).isPositive();
        assertThat(second.timings().connect()).isZero();
        assertThat(second.timings().dns()).isZero();
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsNeverHandedOut() throws Exception {
        CountDownLatch closedByServer = new CountDownLatch(1);
        server = new RawServer(c -> {
            c.readRequest();
            c.write(RawServer.ok("first"));
            c.socket.close(); // closes the idle connection right after answering
            closedByServer.countDown();
        });
        client = FanoutClient.create();

        Result first = client.fetchAll(List.of(server.url("/1"))).get(0);
        Await.latch("the server closed the connection", closedByServer);
        Thread.sleep(500); // let the client see the close (it takes microseconds on an idle loop)
        Result second = client.fetchAll(List.of(server.url("/2"))).get(0);

        assertThat(first.bodyAsString()).isEqualTo("first");
        assertThat(second.bodyAsString()).isEqualTo("first");
        assertThat(second.attempts()).isEqualTo(1);
        assertThat(server.connections()).isEqualTo(2);
    }

    /** A server that answers the first request of each connection, then closes on the second without a byte. */
    private static RawServer staleAfterOneRequest() throws IOException {
        return new RawServer(c -> {
            c.readRequest();
            c.write(RawServer.ok("fresh"));
            c.readRequest(); // the client reused the connection: drop it without answering
        });
    }

    @Test
    void aGetThatMeetsAStaleConnectionIsSentAgainOnAFreshOne() throws IOException {
        server = staleAfterOneRequest();
        client = FanoutClient.create();

        client.fetchAll(List.of(server.url("/1")));
        Result get = client.fetchAll(List.of(server.url("/2"))).get(0);
        Result put = client.sendAll(List.of(Request.builder(server.url("/3"))
                        .method("PUT")
                        .body("x")
                        .build()))
                .get(0);

        for (Result r : List.of(get, put)) {
            assertThat(r.ok()).as("%s", r).isTrue();
            assertThat(r.attempts()).isEqualTo(2);
        }
        assertThat(server.connections()).isEqualTo(3);
    }

    @Test
    void aPostThatMeetsAStaleConnectionIsNeverReplayed() throws IOException {
        server = staleAfterOneRequest();
        client = FanoutClient.create();
        AtomicInteger posts = new AtomicInteger();

        client.fetchAll(List.of(server.url("/1")));
        Result post = client.sendAll(List.of(Request.post(server.url("/order"), "one pizza")))
                .get(0);
        for (String r : server.requests()) {
            if (r.startsWith("POST")) {
                posts.incrementAndGet();
            }
        }

        assertThat(post.error().kind()).isEqualTo(ErrorKind.CLOSED);
        assertThat(post.attempts()).isEqualTo(1);
        assertThat(posts.get()).isEqualTo(1);
    }

    @Test
    void idleConnectionsAreClosedAfterTheIdleTimeout() throws Exception {
        CountDownLatch clientClosed = new CountDownLatch(1);
        server = new RawServer(c -> {
            keepAnswering(c);
            clientClosed.countDown(); // readRequest saw the end of the stream
        });
        client = FanoutClient.builder().idleTimeout(Duration.ofMillis(200)).build();

        assertThat(client.fetchAll(List.of(server.url("/"))).get(0).ok()).isTrue();

        Await.latch("the client closed the connection", clientClosed);
    }

    @Test
    void aRequestThatAsksToCloseTheConnectionDoesNotReturnItToThePool() throws IOException {
        server = new RawServer(KeepAliveTest::keepAnswering);
        client = FanoutClient.create();

        client.sendAll(List.of(
                Request.builder(server.url("/1")).header("Connection", "close").build()));
        client.fetchAll(List.of(server.url("/2")));

        assertThat(server.connections()).isEqualTo(2);
    }
}
