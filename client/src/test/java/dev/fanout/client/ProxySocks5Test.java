package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.testkit.SlowEndpoints;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Through a SOCKS5 proxy: a tunnel for http and https, the target's name resolved by the proxy, optional password. */
class ProxySocks5Test {

    @Test
    void httpAndHttpsGoThroughTheTunnelWithTheNameResolvedByTheProxy() {
        try (SlowEndpoints server = SlowEndpoints.start();
                ProxyServer proxy = ProxyServer.socks5();
                FanoutClient client = FanoutClient.builder()
                        .proxy(proxy.proxy())
                        .trustCertificates(server.certificatePem())
                        .build()) {
            String plain = server.body(10).replace("127.0.0.1", "localhost");
            String secure = server.https(server.body(10)).replace("127.0.0.1", "localhost");

            List<Result> results = client.fetchAll(List.of(plain, secure));

            assertThat(results).allSatisfy(r -> assertThat(r.ok()).as("%s", r).isTrue());
            assertThat(proxy.requests())
                    .containsExactlyInAnyOrder(
                            "SOCKS5 CONNECT(1) localhost:" + URI.create(plain).getPort() + " (DOMAIN(3))",
                            "SOCKS5 CONNECT(1) localhost:" + URI.create(secure).getPort() + " (DOMAIN(3))");
            assertThat(server.requestCount()).isEqualTo(2);
        }
    }

    @Test
    void aUserNameAndPasswordAreSentWhenGiven() {
        try (SlowEndpoints server = SlowEndpoints.start();
                ProxyServer proxy = ProxyServer.socks5("alice", "s3cret");
                FanoutClient client = FanoutClient.builder()
                        .proxy(proxy.proxy().withCredentials("alice", "s3cret"))
                        .build()) {
            Result r = client.fetchAll(List.of(server.body(10))).get(0);

            assertThat(r.ok()).as("%s", r).isTrue();
            assertThat(proxy.requests()).first().isEqualTo("SOCKS5 AUTH alice");
        }
    }

    @Test
    void aWrongPasswordIsOneClearConnectErrorWithoutTheCredentials() {
        try (SlowEndpoints server = SlowEndpoints.start();
                ProxyServer proxy = ProxyServer.socks5("alice", "s3cret");
                FanoutClient client = FanoutClient.builder()
                        .proxy(proxy.proxy().withCredentials("alice", "wrong-pass"))
                        .build()) {
            String url = server.body(10);

            Result r = client.fetchAll(List.of(url)).get(0);

            assertThat(r.error().kind()).isEqualTo(ErrorKind.CONNECT);
            assertThat(r.error().getMessage())
                    .contains("SOCKS5 proxy 127.0.0.1:" + proxy.port() + " did not connect to 127.0.0.1:"
                            + URI.create(url).getPort() + ": user name and password refused")
                    .doesNotContain("wrong-pass");
            assertThat(server.requestCount()).isZero();
        }
    }

    @Test
    void noCredentialsForAProxyThatWantsThemIsAClearError() {
        try (ProxyServer proxy = ProxyServer.socks5("alice", "s3cret");
                FanoutClient client =
                        FanoutClient.builder().proxy(proxy.proxy()).build()) {
            Result r = client.fetchAll(List.of("http://api.example/x")).get(0);

            assertThat(r.error().kind()).isEqualTo(ErrorKind.CONNECT);
            assertThat(r.error().getMessage())
                    .contains(
                            "SOCKS5 proxy 127.0.0.1:" + proxy.port()
                                    + " did not connect to api.example:80: it accepted none of the authentication methods offered");
        }
    }
}
