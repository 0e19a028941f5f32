package dev.fanout.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.loop.testing.Await;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The probe counts TCP connections apart from requests: one per connection, whatever it carries
 * (HTTP/1.1, h2 over TLS, h2c), however many HTTP/2 streams ran on it.
 */
class ConnectionCountTest {

    @RegisterExtension // a server per test: no connection left open by an earlier test
    final SlowEndpointsExtension endpoints =
            SlowEndpointsExtension.create(SlowEndpoints.builder().http2(true));

    @Test
    void http1RequestsAtOnceCountAConnectionEach(SlowEndpoints server) {
        // The JDK's client sends concurrent HTTP/1.1 requests on connections of their own.
        List<HttpResponse<String>> responses = Http.http1(server).getAll(server.delayed(5, Duration.ofSeconds(1)));

        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200);
        assertThat(server.connectionsOpened()).isEqualTo(5);
        assertThat(server.peakConnections()).isEqualTo(5);
        assertThat(server.peakInFlight()).isEqualTo(5);
    }

    @Test
    void http1OverTlsCountsEachConnectionOnce(SlowEndpoints server) {
        List<String> urls = new ArrayList<>();
        for (String url : server.delayed(5, Duration.ofSeconds(1))) {
            urls.add(server.https(url));
        }

        List<HttpResponse<String>> responses = Http.http1(server).getAll(urls);

        assertThat(responses).extracting(HttpResponse::version).containsOnly(HttpClient.Version.HTTP_1_1);
        assertThat(server.connectionsOpened()).isEqualTo(5);
        assertThat(server.peakConnections()).isEqualTo(5);
    }

    @Test
    void h2StreamsOnOneTlsConnectionCountOneConnection(SlowEndpoints server) throws Exception {
        try (RawH2 h2 = RawH2.alpn(server.httpsBaseUrl(), server.certificatePem())) {
            List<RawH2.Answer> answers = h2.getAll(server.delayed(10, Duration.ofSeconds(1)));

            assertThat(h2.protocol()).isEqualTo("h2");
            assertThat(answers).extracting(RawH2.Answer::status).containsOnly(200);
        }
        assertThat(server.peakInFlight()).isEqualTo(10);
        assertThat(server.connectionsOpened()).isEqualTo(1);
        assertThat(server.peakConnections()).isEqualTo(1);
    }

    @Test
    void h2cStreamsOnOneConnectionCountOneConnection(SlowEndpoints server) throws Exception {
        try (RawH2 h2c = RawH2.priorKnowledge(server.baseUrl())) {
            List<RawH2.Answer> answers = h2c.getAll(server.delayed(10, Duration.ofSeconds(1)));

            assertThat(answers).extracting(RawH2.Answer::status).containsOnly(200);
        }
        assertThat(server.peakInFlight()).isEqualTo(10);
        assertThat(server.connectionsOpened()).isEqualTo(1);
        assertThat(server.peakConnections()).isEqualTo(1);
    }

    @Test
    void anUpgradeToH2cCountsOneConnection(SlowEndpoints server) throws Exception {
        Http h2c = Http.with(server.sslContext(), HttpClient.Version.HTTP_2);

        // The first request asks for the upgrade over HTTP/1.1; the rest are streams on the upgraded connection.
        HttpResponse<String> first = h2c.get(server.status(200));
        List<HttpResponse<String>> rest = h2c.getAll(server.delayed(5, Duration.ofSeconds(1)));

        assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(rest).extracting(HttpResponse::version).containsOnly(HttpClient.Version.HTTP_2);
        assertThat(server.connectionsOpened()).isEqualTo(1);
        assertThat(server.peakInFlight()).isEqualTo(5);
    }

    @Test
    void closedConnectionsLeaveTheOpenCountButNotThePeak(SlowEndpoints server) throws Exception {
        List<RawHttp> sockets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sockets.add(RawHttp.connect(server.baseUrl()));
        }
        Await.until("three connections open on the server", () -> server.openConnections() == 3);

        for (RawHttp socket : sockets) {
            socket.close();
        }

        Await.until("all three connections closed on the server", () -> server.openConnections() == 0);
        assertThat(server.peakConnections()).isEqualTo(3);
        assertThat(server.connectionsOpened()).isEqualTo(3);
    }

    @Test
    void resetForgetsConnectionsOpenedButCountsThoseStillOpen(SlowEndpoints server) throws Exception {
        List<RawHttp> sockets = new ArrayList<>();
        try {
            sockets.add(RawHttp.connect(server.baseUrl()));
            sockets.add(RawHttp.connect(server.baseUrl()));
            Await.until("two connections open on the server", () -> server.openConnections() == 2);

            server.reset();

            assertThat(server.connectionsOpened()).isZero();
            assertThat(server.peakConnections()).isEqualTo(2);
            sockets.add(RawHttp.connect(server.baseUrl()));
            Await.until("a third connection open on the server", () -> server.openConnections() == 3);
            assertThat(server.connectionsOpened()).isEqualTo(1);
            assertThat(server.peakConnections()).isEqualTo(3);
        } finally {
            for (RawHttp socket : sockets) {
                socket.close();
            }
        }
    }
}
