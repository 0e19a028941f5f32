package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A server that raises its stream limit by a later SETTINGS frame: the requests waiting for a
 * stream go at once, not when a stream of the connection next ends.
 */
class Http2SettingsRaiseTest {

    private static final int REQUESTS = 10;

    @Test
    void waitersGoAsSoonAsTheServerRaisesItsStreamLimit() {
        // One stream allowed at first, ten soon after; the server answers none until all ten
        // streams are open at once, which they can be only if the waiting ones went on the raise.
        List<H2Exchange> held = new ArrayList<>();
        try (H2Server server = H2Server.withStreamLimitRaised(1, REQUESTS, 100, e -> {
                    held.add(e);
                    if (held.size() == REQUESTS) {
                        held.forEach(h -> h.respond(200, 2));
                    }
                });
                FanoutClient client = FanoutClient.builder()
                        .httpVersion(HttpVersion.HTTP_2)
                        .maxConnectionsPerHost(1)
                        .requestTimeout(Duration.ofSeconds(5))
                        .build()) {
            List<Result> results = client.fetchAll(server.urls("/held", REQUESTS));

            assertThat(results)
                    .allSatisfy(
                            r -> assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue());
            assertThat(server.peakConcurrentStreams()).isEqualTo(REQUESTS);
            assertThat(server.connections()).isEqualTo(1);
        }
    }
}
