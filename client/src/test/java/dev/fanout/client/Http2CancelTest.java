package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.loop.testing.Await;
import io.netty.handler.codec.http2.Http2Error;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
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
}
