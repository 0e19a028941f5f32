package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.testkit.ServerCertificate;
import dev.fanout.testkit.SlowEndpoints;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A phase that fails records the time it took, as a phase that succeeds does: a failed lookup
 * its DNS time, a refused connect its connect time, a failed handshake its TLS time.
 */
class FailedPhaseTimingsTest {

    @Test
    void aRefusedConnectRecordsItsConnectTime() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (FanoutClient client = FanoutClient.create()) {
            Result r = client.fetchAll(List.of("http://127.0.0.1:" + closedPort + "/"))
                    .get(0);

            assertThat(r.error().kind()).isEqualTo(ErrorKind.CONNECT);
            Timings t = r.timings();
            assertThat(t.connect()).isPositive();
            assertThat(t.waiting()).isZero();
            assertThat(setup(t)).isLessThanOrEqualTo(t.total());
        }
    }

    @Test
    void aLookupThatNeverGetsAnAnswerRecordsItsDnsTime() throws IOException {
        try (DatagramSocket silentDns = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                FanoutClient client = FanoutClient.builder()
                        .dnsServers(List.of(
                                new InetSocketAddress(InetAddress.getLoopbackAddress(), silentDns.getLocalPort())))
                        .connectTimeout(Duration.ofMillis(300))
                        .build()) {
            Result r = client.fetchAll(List.of("http://api.example.com/")).get(0);

            assertThat(r.error().kind()).isEqualTo(ErrorKind.DNS);
            Timings t = r.timings();
            // the lookup is what the request spent its time on: most of the total, not none of it
            assertThat(t.dns()).isGreaterThan(t.total().dividedBy(2));
            assertThat(t.connect()).isZero();
            assertThat(t.waiting()).isZero();
        }
    }

    @Test
    void anInvalidNameRecordsItsDnsTime() {
        try (FanoutClient client = FanoutClient.create()) {
            Result r = client.fetchAll(List.of("http://nothing.invalid/")).get(0);

            assertThat(r.error().kind()).isEqualTo(ErrorKind.DNS);
            assertThat(r.timings().dns()).isPositive();
            assertThat(r.timings().connect()).isZero();
        }
    }

    @Test
    void aFailedHandshakeRecordsItsTlsTime() {
        try (SlowEndpoints server = SlowEndpoints.builder()
                        .certificate(ServerCertificate.WRONG_HOST)
                        .start();
                FanoutClient client = FanoutClient.builder()
                        .trustCertificates(server.certificatePem())
                        .build()) {
            Result r = client.fetchAll(List.of(server.https(server.body(10)))).get(0);

            assertThat(r.error().kind()).isEqualTo(ErrorKind.TLS);
            Timings t = r.timings();
            assertThat(t.connect()).isPositive();
            assertThat(t.tls()).isPositive();
            assertThat(t.waiting()).isZero();
            assertThat(setup(t)).isLessThanOrEqualTo(t.total());
        }
    }

    @Test
    void aTimeoutWhileConnectingRecordsTheSetupSoFar() throws IOException {
        try (DatagramSocket silentDns = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                FanoutClient client = FanoutClient.builder()
                        .dnsServers(List.of(
                                new InetSocketAddress(InetAddress.getLoopbackAddress(), silentDns.getLocalPort())))
                        .requestTimeout(Duration.ofMillis(300))
                        .build()) {
            Result r = client.fetchAll(List.of("http://api.example.com/")).get(0);

            assertThat(r.error().kind()).isEqualTo(ErrorKind.TIMEOUT);
            assertThat(r.timings().dns()).isGreaterThan(r.timings().total().dividedBy(2));
        }
    }

    private static Duration setup(Timings t) {
        return t.queued().plus(t.dns()).plus(t.connect()).plus(t.tls());
    }
}
