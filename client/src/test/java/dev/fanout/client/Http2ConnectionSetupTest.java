package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * While the first connection to an HTTP/2 origin is set up, the requests after the first wait
 * for it: when the request that opened it ends first (timeout, cancel), the others still get a
 * connection.
 */
class Http2ConnectionSetupTest {

    @Test
    void whenTheRequestThatOpensTheConnectionTimesOutTheOthersStillGetOne() {
        try (H2Server server = H2Server.withSettingsDelay(500, H2Server::byPath);
                FanoutClient client = FanoutClient.builder()
                        .httpVersion(HttpVersion.HTTP_2)
                        .requestTimeout(Duration.ofSeconds(5))
                        .build()) {
            List<Request> requests = new ArrayList<>();
            requests.add(Request.builder(server.url("/ok?i=first"))
                    .timeout(Duration.ofMillis(100))
                    .build());
            server.urls("/ok", 5).forEach(url -> requests.add(Request.get(url)));

            List<Result> results = client.sendAll(requests);

            assertThat(results.get(0).error()).as("%s", results.get(0)).isNotNull();
            assertThat(results.get(0).error().kind()).isEqualTo(ErrorKind.TIMEOUT);
            assertThat(results.subList(1, results.size()))
                    .allSatisfy(
                            r -> assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue());
            assertThat(client.fetchAll(List.of(server.url("/ok?i=later")))
                            .get(0)
                            .ok())
                    .isTrue();
        }
    }

    @Test
    void requestsTimeOutWhileTheConnectionIsSetUpSayingSo() {
        try (H2Server server = H2Server.withSettingsDelay(2000, H2Server::byPath);
                FanoutClient client = FanoutClient.builder()
                        .httpVersion(HttpVersion.HTTP_2)
                        .requestTimeout(Duration.ofMillis(300))
                        .build()) {
            List<Result> results = client.fetchAll(server.urls("/ok", 3));

            assertThat(results).allSatisfy(r -> {
                assertThat(r.error()).as("%s", r).isNotNull();
                assertThat(r.error().kind()).isEqualTo(ErrorKind.TIMEOUT);
                assertThat(r.error().getMessage())
                        .containsAnyOf("while connecting", "while waiting for the HTTP/2 connection");
            });
        }
    }

    @Test
    void aRequestThatTimesOutWaitingForAStreamLeavesTheOthersTheirs() {
        try (H2Server server = H2Server.withStreamLimit(1, H2Server::byPath);
                FanoutClient client = FanoutClient.builder()
                        .httpVersion(HttpVersion.HTTP_2)
                        .maxConnectionsPerHost(1)
                        .build()) {
            List<Result> results = client.sendAll(List.of(
                    Request.get(server.url("/ok?delay=1000")),
                    Request.builder(server.url("/ok?i=impatient"))
                            .timeout(Duration.ofMillis(300))
                            .build(),
                    Request.get(server.url("/ok?i=patient"))));

            assertThat(results.get(0).ok()).as("%s", results.get(0)).isTrue();
            assertThat(results.get(1).error().kind()).isEqualTo(ErrorKind.TIMEOUT);
            assertThat(results.get(1).error().getMessage()).contains("while waiting for an HTTP/2 stream");
            assertThat(results.get(2).ok()).as("%s", results.get(2)).isTrue();
            assertThat(client.fetchAll(List.of(server.url("/ok?i=later")))
                            .get(0)
                            .ok())
                    .isTrue();
            assertThat(server.connections()).isEqualTo(1);
            assertThat(server.streams()).isEqualTo(3);
        }
    }
}
