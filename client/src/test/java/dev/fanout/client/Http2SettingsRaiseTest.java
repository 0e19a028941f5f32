package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A server that raises its stream limit by a later SETTINGS frame: the requests waiting for a
 * stream go at once, not when a stream of the connection next ends.
 */
class Http2SettingsRaiseTest {

    @Test
    void waitersGoAsSoonAsTheServerRaisesItsStreamLimit() {
        try (H2Server server = H2Server.withStreamLimitRaised(1, 10, 300, H2Server::byPath);
                FanoutClient client = FanoutClient.builder()
                        .httpVersion(HttpVersion.HTTP_2)
                        .maxConnectionsPerHost(1)
                        .requestTimeout(Duration.ofSeconds(10))
                        .build()) {
            List<Result> results = client.fetchAll(server.urls("/ok?delay=1500", 10));

            assertThat(results)
                    .allSatisfy(
                            r -> assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue());
            // One stream for 1.5 s, then the limit goes up to 10 after 0.3 s: all ten at once only
            // when the nine waiting went as soon as it did.
            assertThat(server.peakConcurrentStreams()).isEqualTo(10);
            assertThat(server.connections()).isEqualTo(1);
        }
    }
}
