package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A setup through a proxy that ends early (a timeout, a cancel) leaves nothing held. */
class ProxyTimeoutTest {

    /** A loopback port whose connects the kernel accepts but where nothing ever reads or answers. */
    private static ServerSocket silent() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
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
