package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Requests to one HTTP/2 origin share its connections: as many streams on each as the server
 * allows, never more, and a new connection only once the streams run out.
 */
class Http2StreamLimitTest {

    private static FanoutClient http2Client() {
        return FanoutClient.builder().httpVersion(HttpVersion.HTTP_2).build();
    }

    @Test
    void aThousandConcurrentRequestsGoOverAFewConnections() {
        try (H2Server server = H2Server.withStreamLimit(250, H2Server::byPath);
                FanoutClient client = http2Client()) {
            List<Result> results = client.fetchAll(server.urls("/ok?delay=300&bytes=100", 1000));

            assertThat(results).allSatisfy(r -> {
                assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue();
                assertThat(r.response().protocol()).isEqualTo("HTTP/2");
                assertThat(r.response().body()).hasSize(100);
                assertThat(r.attempts()).isEqualTo(1);
            });
            assertThat(server.streams()).isEqualTo(1000);
            assertThat(server.connections()).isBetween(1, 4);
            assertThat(server.peakConcurrentStreams()).isLessThanOrEqualTo(250);
        }
    }

    @Test
    void aSmallStreamLimitIsNeverExceededAndConnectionsOpenOnlyAsStreamsRunOut() {
        try (H2Server server = H2Server.withStreamLimit(5, H2Server::byPath);
                FanoutClient client = http2Client()) {
            List<Result> results = client.fetchAll(server.urls("/ok?delay=200", 200));

            assertThat(results).allSatisfy(r -> {
                assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue();
                assertThat(r.attempts()).isEqualTo(1);
            });
            assertThat(server.peakConcurrentStreams()).isLessThanOrEqualTo(5);
            assertThat(server.connections()).isBetween(2, 40);
            // Each connection was opened because the others were full: all but the last filled up.
            assertThat(server.peakStreamsPerConnection())
                    .filteredOn(peak -> peak < 5)
                    .hasSizeLessThanOrEqualTo(1);
        }
    }

    @Test
    void aThousandRequestsToAServerWithoutALimitShareOneConnection() {
        try (H2Server server = H2Server.start();
                FanoutClient client = http2Client()) {
            List<Result> results = client.fetchAll(server.urls("/ok?delay=100", 1000));

            assertThat(results)
                    .allSatisfy(
                            r -> assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue());
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void fiveRequestsWithinTheLimitShareOneConnection() {
        try (H2Server server = H2Server.withStreamLimit(5, H2Server::byPath);
                FanoutClient client = http2Client()) {
            List<Result> results = client.fetchAll(server.urls("/ok?delay=200", 5));

            assertThat(results).allSatisfy(r -> assertThat(r.ok()).as("%s", r).isTrue());
            assertThat(server.connections()).isEqualTo(1);
            assertThat(server.peakConcurrentStreams()).isEqualTo(5);
        }
    }

    @Test
    void oneConnectionPerHostCarriesEverything() {
        try (H2Server server = H2Server.withStreamLimit(5, H2Server::byPath);
                FanoutClient client = FanoutClient.builder()
                        .httpVersion(HttpVersion.HTTP_2)
                        .maxConnectionsPerHost(1)
                        .build()) {
            List<Result> results = client.fetchAll(server.urls("/ok?delay=20", 100));

            assertThat(results).allSatisfy(r -> {
                assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue();
                assertThat(r.attempts()).isEqualTo(1);
            });
            assertThat(server.connections()).isEqualTo(1);
            assertThat(server.streams()).isEqualTo(100);
            assertThat(server.peakConcurrentStreams()).isEqualTo(5);
        }
    }

    @Test
    void aStreamTheClientResetsWhileReadingIsNotCountedFreeBeforeTheResetIsOut() {
        // One stream at a time: the first response is too large, so the client resets its stream
        // while reading it; the next request may have the stream only once the codec no longer
        // counts the reset one (else it exceeds the limit the client itself enforces).
        try (H2Server server = H2Server.withStreamLimit(1, H2Server::byPath);
                FanoutClient client = FanoutClient.builder()
                        .httpVersion(HttpVersion.HTTP_2)
                        .maxConnectionsPerHost(1)
                        .maxResponseBytes(100_000)
                        .build()) {
            List<Result> results = client.fetchAll(List.of(
                    server.url("/ok?bytes=1000000&i=0"),
                    server.url("/ok?i=1"),
                    server.url("/ok?bytes=1000000&i=2"),
                    server.url("/ok?i=3")));

            assertThat(results.get(0).error().kind()).isEqualTo(ErrorKind.TOO_LARGE);
            assertThat(results.get(1).ok())
                    .as("%s: %s", results.get(1), results.get(1).error())
                    .isTrue();
            assertThat(results.get(2).error().kind()).isEqualTo(ErrorKind.TOO_LARGE);
            assertThat(results.get(3).ok())
                    .as("%s: %s", results.get(3), results.get(3).error())
                    .isTrue();
            assertThat(server.connections()).isEqualTo(1);
            assertThat(server.peakConcurrentStreams()).isEqualTo(1);
        }
    }

    @Test
    void aServerThatAllowsNoStreamsYetIsWaitedFor() {
        // RFC 9113 lets a server set SETTINGS_MAX_CONCURRENT_STREAMS to 0 for a while: no stream
        // may be opened until a later SETTINGS raises it.
        try (H2Server server = H2Server.withStreamLimitRaised(0, 10, 300, H2Server::byPath);
                FanoutClient client = FanoutClient.builder()
                        .httpVersion(HttpVersion.HTTP_2)
                        .maxConnectionsPerHost(1)
                        .requestTimeout(Duration.ofSeconds(5))
                        .build()) {
            List<Result> results = client.fetchAll(server.urls("/ok", 5));

            assertThat(results)
                    .allSatisfy(
                            r -> assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue());
            assertThat(server.connections()).isEqualTo(1);
        }
    }
}
