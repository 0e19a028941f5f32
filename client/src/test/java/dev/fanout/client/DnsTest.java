package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Name resolution never blocks the loop: localhost and IP literals need no DNS server, .invalid
 * fails at once, and a DNS server that never answers costs only the requests that need it.
 * The silent DNS server is a UDP socket on loopback that reads nothing.
 */
class DnsTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    private DatagramSocket silentDns;

    @BeforeEach
    void openSilentDns() throws SocketException {
        silentDns = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void closeSilentDns() {
        silentDns.close();
    }

    private FanoutClient.Builder withSilentDns() {
        return FanoutClient.builder()
                .dnsServers(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), silentDns.getLocalPort())));
    }

    @Test
    void localhostAndIpLiteralsNeedNoDnsServer(SlowEndpoints server) {
        try (FanoutClient client = withSilentDns().build()) {
            String url = server.body(3);
            List<Result> results = client.fetchAll(List.of(url, url.replace("127.0.0.1", "localhost")));

            assertThat(results).allSatisfy(r -> assertThat(r.ok()).as("%s", r).isTrue());
        }
    }

    @Test
    void anInvalidNameFailsAtOnceWithoutAsking() {
        try (FanoutClient client = withSilentDns().build()) {
            Result r = client.fetchAll(List.of("http://nothing.invalid/")).get(0);

            assertThat(r.error().kind()).isEqualTo(ErrorKind.DNS);
            assertThat(r.error().getMessage()).contains("RFC 6761");
            assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void aDnsServerThatNeverAnswersEndsAsDnsWithinTheConnectTimeout() {
        try (FanoutClient client =
                withSilentDns().connectTimeout(Duration.ofMillis(300)).build()) {
            Result r = client.fetchAll(List.of("http://api.example.com/")).get(0);

            assertThat(r.error().kind()).isEqualTo(ErrorKind.DNS);
            assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void aHangingLookupStillEndsAtTheRequestTimeoutAndOtherHostsKeepFlowing(SlowEndpoints server) {
        try (FanoutClient client =
                withSilentDns().requestTimeout(Duration.ofMillis(1500)).build()) {
            List<String> urls =
                    List.of("http://slow-dns.example.com/", server.delayed(Duration.ofMillis(50)), server.body(10));

            List<Result> results = client.fetchAll(urls);

            assertThat(results.get(0).error().kind()).isEqualTo(ErrorKind.TIMEOUT);
            assertThat(results.get(0).error().getMessage()).contains("while connecting");
            assertThat(results.get(1).ok()).isTrue();
            assertThat(results.get(2).ok()).isTrue();
            assertThat(results.get(1).elapsed()).isLessThan(results.get(0).elapsed());
            assertThat(results.get(0).elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        }
    }

    @Test
    void aRequestStuckInAHangingLookupCanBeCancelled() {
        try (FanoutClient client = withSilentDns().build()) {
            Batch batch = client.startAll(List.of(Request.get("http://hanging.example.com/")));

            batch.cancel();

            assertThat(batch.awaitAll(Duration.ofSeconds(5)).get(0).error().kind())
                    .isEqualTo(ErrorKind.CANCELLED);
        }
    }
}
