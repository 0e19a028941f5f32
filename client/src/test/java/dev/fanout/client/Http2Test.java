package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.testkit.SlowEndpoints;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** HTTP/2 against the testkit's WireMock (Jetty): negotiation by ALPN, h2c with prior knowledge, and refusals. */
class Http2Test {

    @Test
    void autoSpeaksHttp2WhereTheServerPicksItByAlpn() {
        try (SlowEndpoints server = SlowEndpoints.builder().http2(true).start();
                FanoutClient client = FanoutClient.builder()
                        .trustCertificates(server.certificatePem())
                        .build()) {
            List<Result> results = client.fetchAll(List.of(server.https(server.body(10)), server.https(server.json())));

            assertThat(results).allSatisfy(r -> {
                assertThat(r.ok()).as("%s", r).isTrue();
                assertThat(r.response().protocol()).isEqualTo("HTTP/2");
            });
            assertThat(results.get(0).response().body()).hasSize(10);
            assertThat(results.get(1).response().header("x-http2-stream-id")).isNull();
        }
    }

    @Test
    void http2UsesH2cWithPriorKnowledgeOnPlainHttp() {
        try (SlowEndpoints server = SlowEndpoints.builder().http2(true).start();
                FanoutClient client =
                        FanoutClient.builder().httpVersion(HttpVersion.HTTP_2).build()) {
            List<Result> results = client.fetchAll(server.delayed(20, Duration.ofMillis(100)));

            assertThat(results).allSatisfy(r -> {
                assertThat(r.ok()).as("%s", r).isTrue();
                assertThat(r.response().protocol()).isEqualTo("HTTP/2");
            });
        }
    }

    @Test
    void http11NeverOffersH2() {
        try (SlowEndpoints server = SlowEndpoints.builder().http2(true).start();
                FanoutClient client = FanoutClient.builder()
                        .trustCertificates(server.certificatePem())
                        .httpVersion(HttpVersion.HTTP_1_1)
                        .build()) {
            Result r = client.fetchAll(List.of(server.https(server.body(10)))).get(0);

            assertThat(r.response().protocol()).isEqualTo("HTTP/1.1");
        }
    }

    @Test
    void aTlsServerThatRefusesH2IsProtocolUnderHttp2() {
        try (SlowEndpoints server = SlowEndpoints.builder().http2(false).start();
                FanoutClient client = FanoutClient.builder()
                        .trustCertificates(server.certificatePem())
                        .httpVersion(HttpVersion.HTTP_2)
                        .build()) {
            Result r = client.fetchAll(List.of(server.https(server.body(10)))).get(0);

            assertThat(r.error().kind()).isEqualTo(ErrorKind.PROTOCOL);
            assertThat(r.error().getMessage()).contains("refused HTTP/2");
            assertThat(server.requestCount()).isZero();
        }
    }

    @Test
    void aPlainServerThatDoesNotSpeakH2cIsProtocolUnderHttp2() {
        try (SlowEndpoints server = SlowEndpoints.builder().http2(false).start();
                FanoutClient client =
                        FanoutClient.builder().httpVersion(HttpVersion.HTTP_2).build()) {
            Result r = client.fetchAll(List.of(server.body(10))).get(0);

            assertThat(r.error().kind()).isEqualTo(ErrorKind.PROTOCOL);
            assertThat(r.error().getMessage()).contains("did not answer as HTTP/2");
        }
    }

    @Test
    void aThousandRequestsToOneOriginShareAFewConnections() {
        try (SlowEndpoints server = SlowEndpoints.builder().http2(true).start();
                FanoutClient client = FanoutClient.builder()
                        .trustCertificates(server.certificatePem())
                        .build()) {
            List<String> urls = server.delayed(1000, Duration.ofMillis(200)).stream()
                    .map(server::https)
                    .toList();

            List<Result> results = client.fetchAll(urls);

            assertThat(results)
                    .allSatisfy(
                            r -> assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue());
            assertThat(results)
                    .allSatisfy(r -> assertThat(r.response().protocol()).isEqualTo("HTTP/2"));
            // Jetty allows 128 streams a connection: the first connection, then as many more as the
            // waiting need (127 each besides its opener's), counted at the server.
            assertThat(server.connectionsOpened()).isBetween(2, 1 + (999 + 126) / 127);
            assertThat(server.peakInFlight()).isGreaterThan(1);
        }
    }

    @Test
    void timingsNameEachPhaseOverHttp2() {
        try (SlowEndpoints server = SlowEndpoints.builder().http2(true).start();
                FanoutClient client = FanoutClient.builder()
                        .trustCertificates(server.certificatePem())
                        .build()) {
            List<String> urls = server.delayed(50, Duration.ofMillis(50)).stream()
                    .map(server::https)
                    .toList();

            List<Result> results = client.fetchAll(urls);

            // The first request opened the connection; the others waited for it, as queued.
            Timings first = results.get(0).timings();
            assertThat(first.connect()).isPositive();
            assertThat(first.tls()).isPositive();
            assertThat(results).allSatisfy(r -> {
                assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue();
                assertThat(r.timings().waiting()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
            });
            assertThat(results.subList(1, results.size()))
                    .allSatisfy(r -> assertThat(r.timings().tls()).isZero())
                    .anySatisfy(r -> assertThat(r.timings().queued()).isPositive());
        }
    }

    @Test
    void redirectsAreFollowedOverHttp2() {
        try (SlowEndpoints server = SlowEndpoints.builder().http2(true).start();
                FanoutClient client =
                        FanoutClient.builder().httpVersion(HttpVersion.HTTP_2).build()) {
            String target = server.body(7);
            Result r = client.fetchAll(List.of(server.redirect(302, target))).get(0);

            assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue();
            assertThat(r.response().status()).isEqualTo(200);
            assertThat(r.response().url()).isEqualTo(target);
            assertThat(r.response().protocol()).isEqualTo("HTTP/2");
        }
    }

    @Test
    void gzipBodiesAreInflatedAndCappedPerStream() {
        try (SlowEndpoints server =
                        SlowEndpoints.builder().http2(true).gzip(true).start();
                FanoutClient client = FanoutClient.builder()
                        .httpVersion(HttpVersion.HTTP_2)
                        .maxResponseBytes(1 << 20)
                        .build()) {
            List<Result> results =
                    client.fetchAll(List.of(server.gzipBody(100_000), server.gzipBody(10L << 20), server.body(10)));

            assertThat(results.get(0).response().body()).hasSize(100_000);
            assertThat(results.get(1).error().kind()).isEqualTo(ErrorKind.TOO_LARGE);
            assertThat(results.get(2).ok()).as("%s", results.get(2)).isTrue();
        }
    }

    @Test
    void maxInFlightHoldsOverHttp2() {
        try (SlowEndpoints server = SlowEndpoints.builder().http2(true).start();
                FanoutClient client = FanoutClient.builder()
                        .httpVersion(HttpVersion.HTTP_2)
                        .maxInFlight(10)
                        .build()) {
            List<Result> results = client.fetchAll(server.delayed(100, Duration.ofMillis(20)));

            assertThat(results)
                    .allSatisfy(
                            r -> assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue());
            assertThat(server.peakInFlight()).isBetween(2, 10);
        }
    }

    @Test
    void underAutoAnHttpsOriginThatPicksHttp11GetsAConnectionPerRequestAfterTheFirstHandshake() {
        try (SlowEndpoints server = SlowEndpoints.builder().http2(false).start();
                FanoutClient client = FanoutClient.builder()
                        .trustCertificates(server.certificatePem())
                        .maxConnectionsPerHost(20)
                        .build()) {
            List<String> urls = server.delayed(40, Duration.ofMillis(500)).stream()
                    .map(server::https)
                    .toList();

            List<Result> results = client.fetchAll(urls);

            assertThat(results).allSatisfy(r -> {
                assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue();
                assertThat(r.response().protocol()).isEqualTo("HTTP/1.1");
            });
            // The others waited for the first handshake only, then went at once, within the per-host limit.
            assertThat(server.peakInFlight()).isBetween(2, 20);
        }
    }

    @Test
    void requestsWaitingForAConnectionThatCannotBeMadeFailAsItDid() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (FanoutClient client =
                FanoutClient.builder().httpVersion(HttpVersion.HTTP_2).build()) {
            List<String> urls = IntStream.range(0, 30)
                    .mapToObj(i -> "http://127.0.0.1:" + closedPort + "/" + i)
                    .toList();

            List<Result> results = client.fetchAll(urls);

            assertThat(results).allSatisfy(r -> {
                assertThat(r.error().kind()).isEqualTo(ErrorKind.CONNECT);
                assertThat(r.error().getMessage()).contains("connection refused");
            });
        }
    }
}
