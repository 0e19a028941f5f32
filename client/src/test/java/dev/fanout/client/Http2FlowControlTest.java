package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.loop.testing.Await;
import io.netty.handler.codec.http2.Http2Error;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Bodies larger than any window flow both ways; a stream the server stops reading stalls alone,
 * and a response over {@code maxResponseBytes} ends alone, each leaving the connection to the
 * others.
 */
class Http2FlowControlTest {

    private static final int FIVE_MB = 5 << 20;

    @Test
    void severalFiveMegabyteBodiesAtOnceArriveWhole() {
        try (H2Server server = H2Server.start();
                FanoutClient client =
                        FanoutClient.builder().httpVersion(HttpVersion.HTTP_2).build()) {
            List<Result> results = client.fetchAll(server.urls("/ok?bytes=" + FIVE_MB, 6));

            assertThat(results).allSatisfy(r -> {
                assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue();
                assertThat(r.response().body()).hasSize(FIVE_MB);
            });
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void fiveMegabyteRequestBodiesAreSentWhole() {
        List<Long> received = new CopyOnWriteArrayList<>();
        try (H2Server server = H2Server.start(e -> e.whenRequestEnded(() -> {
                    received.add(e.bodyBytes());
                    e.respond(200, 0);
                }));
                FanoutClient client =
                        FanoutClient.builder().httpVersion(HttpVersion.HTTP_2).build()) {
            List<Request> uploads = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                uploads.add(Request.builder(server.url("/upload?i=" + i))
                        .method("POST")
                        .body(new byte[FIVE_MB])
                        .build());
            }

            List<Result> results = client.sendAll(uploads);

            assertThat(results)
                    .allSatisfy(
                            r -> assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue());
            assertThat(received).containsExactly((long) FIVE_MB, (long) FIVE_MB, (long) FIVE_MB);
        }
    }

    @Test
    void aStreamTheServerStopsReadingTimesOutAndTheConnectionServesTheOthers() throws InterruptedException {
        try (H2Server server = H2Server.start();
                FanoutClient client = FanoutClient.builder()
                        .httpVersion(HttpVersion.HTTP_2)
                        .maxConnectionsPerHost(1)
                        .build()) {
            Request stalled = Request.builder(server.url("/stall"))
                    .method("POST")
                    .body(new byte[1 << 20])
                    .timeout(Duration.ofMillis(500))
                    .build();

            List<Result> results = client.sendAll(List.of(
                    stalled, Request.get(server.url("/ok?delay=100")), Request.get(server.url("/ok?delay=1000"))));

            assertThat(results.get(0).error()).as("%s", results.get(0)).isNotNull();
            assertThat(results.get(0).error().kind()).isEqualTo(ErrorKind.TIMEOUT);
            assertThat(results.get(1).ok()).as("%s", results.get(1)).isTrue();
            assertThat(results.get(2).ok()).as("%s", results.get(2)).isTrue();
            Await.until(
                    "the stalled stream reset", () -> server.resetsReceived().contains(Http2Error.CANCEL));
            assertThat(client.fetchAll(List.of(server.url("/ok"))).get(0).ok()).isTrue();
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void aBodyOverMaxResponseBytesIsTooLargeAndTheConnectionServesTheOthers() throws InterruptedException {
        try (H2Server server = H2Server.start();
                FanoutClient client = FanoutClient.builder()
                        .httpVersion(HttpVersion.HTTP_2)
                        .maxResponseBytes(100_000)
                        .build()) {
            List<Result> results = client.fetchAll(
                    List.of(server.url("/ok?bytes=" + FIVE_MB), server.url("/ok?delay=300&bytes=1000")));

            assertThat(results.get(0).error()).as("%s", results.get(0)).isNotNull();
            assertThat(results.get(0).error().kind()).isEqualTo(ErrorKind.TOO_LARGE);
            assertThat(results.get(1).ok()).as("%s", results.get(1)).isTrue();
            Await.until(
                    "the oversized stream reset", () -> server.resetsReceived().contains(Http2Error.CANCEL));
            // Many more, one after another: what the resets left in the windows must not run the connection dry.
            for (int i = 0; i < 10; i++) {
                List<Result> again = client.fetchAll(List.of(
                        server.url("/ok?bytes=" + FIVE_MB + "&round=" + i), server.url("/ok?bytes=90000&round=" + i)));
                assertThat(again.get(0).error().kind()).isEqualTo(ErrorKind.TOO_LARGE);
                assertThat(again.get(1).ok()).as("%s", again.get(1)).isTrue();
            }
            assertThat(server.connections()).isEqualTo(1);
        }
    }
}
