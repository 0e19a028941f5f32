package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.loop.testing.Await;
import dev.fanout.loop.testing.TcpQueues;
import io.netty.handler.codec.http2.Http2Error;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * A cancelled or timed-out request resets its own stream (RST_STREAM CANCEL, seen by the
 * server) and leaves its connection to the others: the server never sees a second connection.
 */
class Http2CancelTest {

    private static final int HELD = 10;

    @Test
    void cancelResetsEveryStreamAndKeepsTheConnection() throws InterruptedException {
        try (H2Server server = H2Server.start();
                FanoutClient client =
                        FanoutClient.builder().httpVersion(HttpVersion.HTTP_2).build()) {
            Batch batch = client.startAll(
                    server.urls("/hold", HELD).stream().map(Request::get).toList());
            Await.until("every stream at the server", () -> server.streams() == HELD);

            batch.cancel();
            List<Result> results = batch.awaitAll();

            assertThat(results).allSatisfy(r -> {
                assertThat(r.error()).as("%s", r).isNotNull();
                assertThat(r.error().kind()).isEqualTo(ErrorKind.CANCELLED);
            });
            Await.until(
                    "a RST_STREAM CANCEL for every stream",
                    () -> Collections.frequency(server.resetsReceived(), Http2Error.CANCEL) == HELD);
            assertThat(client.fetchAll(List.of(server.url("/ok"))).get(0).ok()).isTrue();
            assertThat(server.connections()).isEqualTo(1);
            assertThat(server.openConnections()).isEqualTo(1);
        }
    }

    @Test
    void aTimeoutResetsItsStreamAndTheOthersGoOnOnTheSameConnection() throws InterruptedException {
        try (H2Server server = H2Server.start();
                FanoutClient client =
                        FanoutClient.builder().httpVersion(HttpVersion.HTTP_2).build()) {
            List<Result> results = client.sendAll(List.of(
                    Request.builder(server.url("/hold"))
                            .timeout(Duration.ofMillis(300))
                            .build(),
                    Request.get(server.url("/ok?delay=1000"))));

            assertThat(results.get(0).error()).as("%s", results.get(0)).isNotNull();
            assertThat(results.get(0).error().kind()).isEqualTo(ErrorKind.TIMEOUT);
            assertThat(results.get(1).ok()).as("%s", results.get(1)).isTrue();
            Await.until(
                    "the timed-out stream reset", () -> server.resetsReceived().equals(List.of(Http2Error.CANCEL)));
            assertThat(client.fetchAll(List.of(server.url("/ok"))).get(0).ok()).isTrue();
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void streamsCancelledMidBodyLeakNothingAndKeepTheConnection() throws InterruptedException {
        // Fewer than 200: Netty's server, like others guarding against "rapid reset" attacks,
        // closes a connection on which the client resets more than 200 streams in 30 seconds.
        int requests = 150;
        CountDownLatch firstParts = new CountDownLatch(requests);
        try (H2Server server = H2Server.start(e -> {
                    if (e.route().equals("/partly")) {
                        e.respondPartly(200, 1000, firstParts::countDown);
                    } else {
                        H2Server.byPath(e);
                    }
                });
                FanoutClient client =
                        FanoutClient.builder().httpVersion(HttpVersion.HTTP_2).build()) {
            Batch batch = client.startAll(
                    server.urls("/partly", requests).stream().map(Request::get).toList());
            Await.latch("every response's head and first body part written", firstParts);
            // The kernel's word that every byte the server sent was acknowledged and read by the client.
            Await.until("every first part received and read by the client", () -> {
                List<TcpQueues.Connection> serverSide = TcpQueues.atPort(server.port());
                List<TcpQueues.Connection> clientSide = TcpQueues.toPort(server.port());
                return !serverSide.isEmpty()
                        && serverSide.stream().allMatch(c -> c.unacknowledged() == 0)
                        && clientSide.stream().allMatch(c -> c.unread() == 0);
            });

            batch.cancel();
            List<Result> results = batch.awaitAll();

            assertThat(results).allSatisfy(r -> {
                assertThat(r.error()).as("%s", r).isNotNull();
                assertThat(r.error().kind()).isEqualTo(ErrorKind.CANCELLED);
                assertThat(r.timings().receiving()).as("%s %s", r, r.timings()).isPositive();
            });
            List<Http2Error> resets =
                    Await.value(server::resetsReceived, r -> Collections.frequency(r, Http2Error.CANCEL) == requests);
            assertThat(resets)
                    .as("streams %s, open connections %s", server.streams(), server.openConnections())
                    .hasSize(requests);
            assertThat(client.fetchAll(List.of(server.url("/ok"))).get(0).ok()).isTrue();
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void cancelSendsNothingThatWasStillWaitingForAStream() throws InterruptedException {
        // Two streams a connection, one connection: two POSTs go, eight wait for a stream. The
        // cancel must not hand the streams the first two free to the waiting ones on the way.
        try (H2Server server = H2Server.withStreamLimit(2, H2Server::byPath);
                FanoutClient client = FanoutClient.builder()
                        .httpVersion(HttpVersion.HTTP_2)
                        .maxConnectionsPerHost(1)
                        .build()) {
            Batch batch = client.startAll(server.urls("/hold", HELD).stream()
                    .map(url -> Request.post(url, "body"))
                    .toList());
            Await.until("two streams at the server", () -> server.streams() == 2);

            batch.cancel();
            List<Result> results = batch.awaitAll();

            assertThat(results).allSatisfy(r -> assertThat(r.error().kind()).isEqualTo(ErrorKind.CANCELLED));
            List<Http2Error> resets =
                    Await.value(server::resetsReceived, r -> Collections.frequency(r, Http2Error.CANCEL) >= 2);
            assertThat(resets).as("streams %s", server.streams()).containsExactly(Http2Error.CANCEL, Http2Error.CANCEL);
            assertThat(client.fetchAll(List.of(server.url("/ok"))).get(0).ok()).isTrue();
            assertThat(server.streams())
                    .as("the cancelled POSTs that never had a stream never sent")
                    .isEqualTo(3);
            assertThat(server.connections()).isEqualTo(1);
        }
    }
}
