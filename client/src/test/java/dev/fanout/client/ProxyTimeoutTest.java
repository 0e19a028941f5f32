package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The connect timeout bounds a connection's whole setup through a proxy, the TCP connect, the
 * tunnel and the TLS handshake together, not each of them; and a setup that runs out names the
 * phase it was in.
 */
class ProxyTimeoutTest {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    /** A loopback port whose connects the kernel accepts but where nothing ever reads or answers. */
    private static ServerSocket silent() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    /** Returns a loopback port nothing listens on. */
    private static int refusedPort() throws IOException {
        try (ServerSocket s = silent()) {
            return s.getLocalPort();
        }
    }

    @Test
    void aSlowTunnelThenAStalledHandshakeShareOneConnectTimeout() throws IOException {
        // The proxy answers CONNECT after 60% of the timeout; the origin behind it never answers
        // the ClientHello. Each phase alone stays within the timeout; together they do not.
        // With a timeout per phase, the request would fail after 160% of it.
        try (ServerSocket origin = silent();
                ProxyServer proxy =
                        ProxyServer.slow(CONNECT_TIMEOUT.multipliedBy(6).dividedBy(10));
                FanoutClient client = FanoutClient.builder()
                        .proxy(proxy.proxy())
                        .connectTimeout(CONNECT_TIMEOUT)
                        .build()) {
            String url = "https://127.0.0.1:" + origin.getLocalPort() + "/";
            // First, a request the proxy cannot carry, so that the client's TLS context, made on
            // first use, is ready: only the setup's phases are timed below.
            client.fetchAll(List.of("https://127.0.0.1:" + refusedPort() + "/"));

            Result r = client.fetchAll(List.of(url)).get(0);

            assertThat(r.error().kind()).as("%s: %s", r, r.error()).isEqualTo(ErrorKind.TLS);
            assertThat(r.elapsed())
                    .as("one budget, far less than the tunnel's wait plus a whole handshake timeout")
                    .isLessThan(CONNECT_TIMEOUT.multipliedBy(14).dividedBy(10));
            assertThat(r.error().getMessage())
                    .contains("TLS handshake with 127.0.0.1:" + origin.getLocalPort()
                            + " not done within the connect timeout (3000 ms)")
                    .contains("the proxy's tunnel");
            assertThat(proxy.requests()).endsWith("CONNECT 127.0.0.1:" + origin.getLocalPort());
        }
    }

    @Test
    void aProxyThatAcceptsButNeverAnswersConnectFailsAsConnectNamingTheTunnel() throws IOException {
        try (ServerSocket proxy = silent();
                FanoutClient client = FanoutClient.builder()
                        .proxy(Proxy.http("127.0.0.1", proxy.getLocalPort()))
                        .connectTimeout(CONNECT_TIMEOUT)
                        .build()) {
            Result r = client.fetchAll(List.of("https://api.example/x")).get(0);

            assertThat(r.error().kind()).as("%s: %s", r, r.error()).isEqualTo(ErrorKind.CONNECT);
            assertThat(r.error().getMessage())
                    .contains("proxy 127.0.0.1:" + proxy.getLocalPort() + " did not open the tunnel to api.example:443"
                            + " within the connect timeout (3000 ms)");
            assertThat(r.elapsed()).as("far less than three timeouts").isLessThan(CONNECT_TIMEOUT.multipliedBy(3));
        }
    }

    @Test
    void anH2cServerThatNeverSendsSettingsThroughATunnelFailsAsProtocolWithinTheConnectTimeout() throws IOException {
        // h2c with prior knowledge goes through a CONNECT tunnel; the origin accepts and never
        // answers the preface, so the setup waits for SETTINGS until its budget runs out.
        try (ServerSocket origin = silent();
                ProxyServer proxy = ProxyServer.http();
                FanoutClient client = FanoutClient.builder()
                        .proxy(proxy.proxy())
                        .httpVersion(HttpVersion.HTTP_2)
                        .connectTimeout(Duration.ofMillis(500))
                        .build()) {
            Result r = client.fetchAll(List.of("http://127.0.0.1:" + origin.getLocalPort() + "/"))
                    .get(0);

            assertThat(r.error().kind()).as("%s: %s", r, r.error()).isEqualTo(ErrorKind.PROTOCOL);
            assertThat(r.error().getMessage())
                    .contains("server at 127.0.0.1:" + origin.getLocalPort()
                            + " sent no HTTP/2 SETTINGS within the connect timeout (500 ms)");
            assertThat(proxy.requests()).containsExactly("CONNECT 127.0.0.1:" + origin.getLocalPort());
        }
    }

    @Test
    void aRequestTimeoutWhileTheTunnelOpensLeavesNothingHeld() throws IOException {
        // TLS's ClientHello waits in the proxy handler until the tunnel opens; ending the setup
        // then must release it (the leak detector, paranoid in every test, would say otherwise).
        try (ServerSocket origin = silent();
                ProxyServer proxy = ProxyServer.slow(Duration.ofSeconds(2));
                FanoutClient client = FanoutClient.builder()
                        .proxy(proxy.proxy())
                        .requestTimeout(Duration.ofMillis(300))
                        .build()) {
            Result r = client.fetchAll(List.of("https://127.0.0.1:" + origin.getLocalPort() + "/"))
                    .get(0);

            assertThat(r.error().kind()).as("%s: %s", r, r.error()).isEqualTo(ErrorKind.TIMEOUT);
        }
    }
}
