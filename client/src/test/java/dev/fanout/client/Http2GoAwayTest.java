package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A GOAWAY from the server: the streams below its last stream id complete where they are; those
 * above it, which the server says it never processed, are sent again on a new connection, whatever
 * their method.
 */
class Http2GoAwayTest {

    private static final int STREAMS = 6;
    private static final int PROCESSED = 3;

    /**
     * On the first connection, holds every stream until {@value #STREAMS} have arrived, then sends
     * GOAWAY naming the {@value #PROCESSED}rd as the last and answers those up to it; later
     * connections answer at once.
     */
    private static H2Server.Responder goAwayAfterSixStreams() {
        List<H2Exchange> held = new ArrayList<>();
        return e -> {
            if (e.connection() > 1) {
                e.respond(200, 2);
                return;
            }
            held.add(e);
            if (held.size() == STREAMS) {
                int last = held.get(PROCESSED - 1).streamId();
                e.goAway(last);
                held.stream().filter(h -> h.streamId() <= last).forEach(h -> h.respond(200, 2));
            }
        };
    }

    @Test
    void streamsAboveTheLastStreamIdAreRetriedOnANewConnectionAndTheOthersComplete() {
        try (H2Server server = H2Server.start(goAwayAfterSixStreams());
                FanoutClient client =
                        FanoutClient.builder().httpVersion(HttpVersion.HTTP_2).build()) {
            List<Result> results = client.fetchAll(server.urls("/goaway", STREAMS));

            assertThat(results)
                    .allSatisfy(
                            r -> assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue());
            assertThat(results).filteredOn(r -> r.attempts() == 1).hasSize(PROCESSED);
            assertThat(results).filteredOn(r -> r.attempts() == 2).hasSize(STREAMS - PROCESSED);
            assertThat(server.connections()).isEqualTo(2);
            assertThat(server.streamsPerConnection()).containsExactly(STREAMS, STREAMS - PROCESSED);
        }
    }

    @Test
    void unprocessedPostsAreRetriedEvenWithOneConnectionPerHost() {
        try (H2Server server = H2Server.start(goAwayAfterSixStreams());
                FanoutClient client = FanoutClient.builder()
                        .httpVersion(HttpVersion.HTTP_2)
                        .maxConnectionsPerHost(1)
                        .build()) {
            List<Request> posts = server.urls("/goaway", STREAMS).stream()
                    .map(url -> Request.post(url, "body"))
                    .toList();

            List<Result> results = client.sendAll(posts);

            assertThat(results)
                    .allSatisfy(
                            r -> assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue());
            assertThat(results).filteredOn(r -> r.attempts() == 2).hasSize(STREAMS - PROCESSED);
            assertThat(server.connections()).isEqualTo(2);
            assertThat(server.streams()).isEqualTo(STREAMS + STREAMS - PROCESSED);
        }
    }

    @Test
    void requestsWaitingForAStreamGetOneOnTheNextConnectionAfterAGoAway() {
        // Five streams a connection, one connection: the first five go, the other fifteen wait. The
        // server answers the five and says GOAWAY after them; the waiting ones go on the next
        // connection, once the first has closed.
        try (H2Server server = H2Server.withStreamLimit(5, e -> {
                    if (e.connection() == 1 && e.number() == 5) {
                        e.goAway(e.streamId());
                    }
                    e.respondLater(100, 200, 2);
                });
                FanoutClient client = FanoutClient.builder()
                        .httpVersion(HttpVersion.HTTP_2)
                        .maxConnectionsPerHost(1)
                        .requestTimeout(Duration.ofSeconds(10))
                        .build()) {
            List<Result> results = client.fetchAll(server.urls("/ok", 20));

            assertThat(results).allSatisfy(r -> {
                assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue();
                assertThat(r.attempts()).isEqualTo(1);
            });
            assertThat(server.streamsPerConnection()).containsExactly(5, 15);
        }
    }
}
