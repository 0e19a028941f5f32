package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.loop.testing.Await;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's limits over HTTP/2: response headers larger than {@code maxResponseHeaderBytes}
 * are PROTOCOL, sent once, and leave the connection to the others; connections go when idle too
 * long and when the client closes.
 */
class Http2LimitsTest {

    @Test
    void headersOverTheCapAreProtocolAndSentOnce() {
        try (H2Server server = H2Server.start();
                FanoutClient client = FanoutClient.builder()
                        .httpVersion(HttpVersion.HTTP_2)
                        .maxResponseHeaderBytes(8 << 10)
                        .build()) {
            // The first on a new connection, the second on the same connection once idle.
            for (int round = 0; round < 2; round++) {
                List<Result> results = client.fetchAll(List.of(
                        server.url("/big-header?bytes=9000&round=" + round),
                        server.url("/ok?delay=100&round=" + round)));

                Result r = results.get(0);
                assertThat(r.error()).as("%s", r).isNotNull();
                assertThat(r.error().kind()).isEqualTo(ErrorKind.PROTOCOL);
                assertThat(r.attempts()).isEqualTo(1);
                assertThat(results.get(1).ok()).as("%s", results.get(1)).isTrue();
            }
            assertThat(server.streams()).isEqualTo(4);
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void anIdleConnectionClosesAfterTheIdleTimeout() throws InterruptedException {
        try (H2Server server = H2Server.start();
                FanoutClient client = FanoutClient.builder()
                        .httpVersion(HttpVersion.HTTP_2)
                        .idleTimeout(Duration.ofMillis(200))
                        .build()) {
            assertThat(client.fetchAll(server.urls("/ok", 10)))
                    .allSatisfy(r -> assertThat(r.ok()).isTrue());

            Await.until("the idle connection closed", () -> server.openConnections() == 0);
        }
    }

    @Test
    void closingTheClientClosesItsConnections() throws InterruptedException {
        try (H2Server server = H2Server.withStreamLimit(5, H2Server::byPath)) {
            try (FanoutClient client =
                    FanoutClient.builder().httpVersion(HttpVersion.HTTP_2).build()) {
                assertThat(client.fetchAll(server.urls("/ok?delay=50", 20)))
                        .allSatisfy(r -> assertThat(r.ok()).isTrue());
                assertThat(server.openConnections()).isPositive();
            }

            Await.until("every connection closed", () -> server.openConnections() == 0);
        }
    }
}
