package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A connection-level error (a malformed frame from the server) ends the streams of that
 * connection, each with its kind, and no other; a later request gets a new connection.
 */
class Http2ConnectionErrorTest {

    private static final int LIMIT = 3;

    @Test
    void aMalformedFrameFailsOnlyTheStreamsOfItsConnection() {
        // The first connection breaks once it carries LIMIT streams; the others answer after a
        // while, so that they are open when it breaks.
        try (H2Server server = H2Server.withStreamLimit(LIMIT, e -> {
                    if (e.connection() == 1 && e.number() == LIMIT) {
                        e.breakConnection();
                    } else if (e.connection() > 1) {
                        e.respondLater(300, 200, 2);
                    }
                });
                FanoutClient client =
                        FanoutClient.builder().httpVersion(HttpVersion.HTTP_2).build()) {
            List<Result> results = client.fetchAll(server.urls("/x", 3 * LIMIT));

            assertThat(results).filteredOn(Result::ok).hasSize(2 * LIMIT);
            assertThat(results).filteredOn(r -> !r.ok()).hasSize(LIMIT).allSatisfy(r -> {
                assertThat(r.error().kind()).as("%s", r.error()).isEqualTo(ErrorKind.PROTOCOL);
                assertThat(r.attempts()).isEqualTo(1);
            });
            assertThat(server.streamsPerConnection()).startsWith(LIMIT);

            assertThat(client.fetchAll(List.of(server.url("/after"))).get(0).ok())
                    .isTrue();
        }
    }

    @Test
    void aMalformedFrameOnAReusedConnectionIsProtocolNotAStaleConnection() {
        try (H2Server server = H2Server.start();
                FanoutClient client =
                        FanoutClient.builder().httpVersion(HttpVersion.HTTP_2).build()) {
            assertThat(client.fetchAll(List.of(server.url("/ok"))).get(0).ok()).isTrue();

            Result r = client.fetchAll(List.of(server.url("/break"))).get(0);

            assertThat(r.error()).as("%s", r).isNotNull();
            assertThat(r.error().kind()).isEqualTo(ErrorKind.PROTOCOL);
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(server.streams()).as("the request sent once").isEqualTo(2);
            assertThat(client.fetchAll(List.of(server.url("/ok"))).get(0).ok()).isTrue();
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void streamsOpenedTogetherOnAConnectionThatDropsAllFailAlike() {
        // Three GETs on a new connection, none answered, then a TCP reset: none met a stale
        // connection (one that sat idle in the pool), so none is sent again.
        try (H2Server server = H2Server.start(e -> {
                    if (e.connection() == 1 && e.number() == 3) {
                        e.dropConnection();
                    } else if (e.connection() > 1) {
                        e.respond(200, 2);
                    }
                });
                FanoutClient client =
                        FanoutClient.builder().httpVersion(HttpVersion.HTTP_2).build()) {
            List<Result> results = client.fetchAll(server.urls("/x", 3));

            assertThat(results).allSatisfy(r -> {
                assertThat(r.error()).as("%s", r).isNotNull();
                assertThat(r.error().kind()).isEqualTo(ErrorKind.CLOSED);
                assertThat(r.attempts()).isEqualTo(1);
            });
            assertThat(server.streams()).isEqualTo(3);
        }
    }

    @Test
    void requestsWaitingForAStreamGetANewConnectionWhenTheirsDrops() {
        // Two streams a connection, one connection: the first two go, the others wait; the server
        // drops the connection under the first two, and the others go on a new one.
        try (H2Server server = H2Server.withStreamLimit(2, e -> {
                    if (e.connection() == 1 && e.number() == 2) {
                        e.dropConnection();
                    } else if (e.connection() > 1) {
                        e.respondLater(50, 200, 2);
                    }
                });
                FanoutClient client = FanoutClient.builder()
                        .httpVersion(HttpVersion.HTTP_2)
                        .maxConnectionsPerHost(1)
                        .requestTimeout(Duration.ofSeconds(10))
                        .build()) {
            List<Result> results = client.fetchAll(server.urls("/x", 8));

            assertThat(results.subList(0, 2)).allSatisfy(r -> {
                assertThat(r.error()).as("%s", r).isNotNull();
                assertThat(r.error().kind()).isEqualTo(ErrorKind.CLOSED);
            });
            assertThat(results.subList(2, 8))
                    .allSatisfy(
                            r -> assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue());
            assertThat(server.connections()).isEqualTo(2);
        }
    }
}
