package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.testkit.HostileServer;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Against the testkit's {@link HostileServer}: what its behaviours found in the client stays
 * fixed. A server that sends more than its Content-Length says poisons the connection, which
 * must not be pooled; an HTTP/2 server that refuses streams unprocessed again and again has
 * them sent again until one takes them.
 */
class HostileServerTest {

    @Test
    void bytesBeyondTheContentLengthKeepTheConnectionOutOfThePool() {
        try (HostileServer server = HostileServer.start();
                FanoutClient client = FanoutClient.builder()
                        .maxConnectionsPerHost(1)
                        .requestTimeout(Duration.ofSeconds(5))
                        .build()) {
            Result lying =
                    client.fetchAll(List.of(server.contentLengthLong(5, 12))).get(0);
            assertThat(lying.ok()).as("%s: %s", lying, lying.error()).isTrue();
            assertThat(lying.bodyAsString()).isEqualTo("abcde");

            Result next = client.fetchAll(List.of(server.ok())).get(0);
            assertThat(next.ok()).as("%s: %s", next, next.error()).isTrue();
            Result post =
                    client.sendAll(List.of(Request.post(server.ok(), "x"))).get(0);
            assertThat(post.ok()).as("%s: %s", post, post.error()).isTrue();
            assertThat(server.connectionsAccepted())
                    .as("the poisoned connection was not reused")
                    .isEqualTo(2);
        }
    }

    @Test
    void streamsRefusedOnConnectionAfterConnectionAreSentUntilOneTakesThem() {
        try (HostileServer server = HostileServer.start();
                FanoutClient client = FanoutClient.builder()
                        .httpVersion(HttpVersion.HTTP_2)
                        .requestTimeout(Duration.ofSeconds(10))
                        .build()) {
            // Each connection takes two streams, then says GOAWAY: eight requests need four.
            List<Result> results = client.fetchAll(Collections.nCopies(8, server.h2GoAwayAfterStreams(2)));

            assertThat(results)
                    .allSatisfy(
                            r -> assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue());
            assertThat(server.connectionsAccepted()).isGreaterThanOrEqualTo(4);
        }
    }
}
