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
}
