package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.testkit.SlowEndpoints;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Through an HTTP proxy: https in a CONNECT tunnel (TLS and ALPN with the target), http in
 * absolute form, basic proxy authentication, and the proxy's refusals as one clear error.
 */
class ProxyHttpTest {

    @Test
    void plainHttpGoesToTheProxyInAbsoluteForm() {
        try (SlowEndpoints server = SlowEndpoints.start();
                ProxyServer proxy = ProxyServer.http();
                FanoutClient client =
                        FanoutClient.builder().proxy(proxy.proxy()).build()) {
            String url = server.body(10);

            Result r = client.fetchAll(List.of(url)).get(0);

            assertThat(r.ok()).as("%s", r).isTrue();
            assertThat(r.response().body()).hasSize(10);
            assertThat(proxy.requests()).containsExactly("GET " + url);
            assertThat(server.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void httpsGoesThroughAConnectTunnelWithTlsToTheTarget() {
        try (SlowEndpoints server = SlowEndpoints.start();
                ProxyServer proxy = ProxyServer.http();
                FanoutClient client = FanoutClient.builder()
                        .proxy(proxy.proxy())
                        .trustCertificates(server.certificatePem())
                        .build()) {
            String url = server.https(server.body(10));
            int port = URI.create(url).getPort();

            Result r = client.fetchAll(List.of(url)).get(0);

            assertThat(r.ok()).as("%s", r).isTrue();
            assertThat(proxy.requests()).containsExactly("CONNECT 127.0.0.1:" + port);
            assertThat(server.requestCount()).isEqualTo(1);
            assertThat(r.timings().connect()).as("the tunnel's setup").isPositive();
            assertThat(r.timings().tls()).as("the handshake with the target").isPositive();
        }
    }

    @Test
    void http2IsNegotiatedWithTheTargetThroughTheTunnel() {
        try (SlowEndpoints server = SlowEndpoints.builder().http2(true).start();
                ProxyServer proxy = ProxyServer.http();
                FanoutClient client = FanoutClient.builder()
                        .proxy(proxy.proxy())
                        .trustCertificates(server.certificatePem())
                        .build()) {
            List<String> urls = server.delayed(20, Duration.ofMillis(50)).stream()
                    .map(server::https)
                    .toList();

            List<Result> results = client.fetchAll(urls);

            assertThat(results).allSatisfy(r -> {
                assertThat(r.ok()).as("%s", r).isTrue();
                assertThat(r.response().protocol()).isEqualTo("HTTP/2");
            });
            assertThat(proxy.connections())
                    .as("20 streams on one tunnelled connection")
                    .isEqualTo(1);
        }
    }

    @Test
    void h2cWithPriorKnowledgeGoesThroughATunnelNotInAbsoluteForm() {
        try (SlowEndpoints server = SlowEndpoints.builder().http2(true).start();
                ProxyServer proxy = ProxyServer.http();
                FanoutClient client = FanoutClient.builder()
                        .proxy(proxy.proxy())
                        .httpVersion(HttpVersion.HTTP_2)
                        .build()) {
            String url = server.body(10);

            Result r = client.fetchAll(List.of(url)).get(0);

            assertThat(r.ok()).as("%s", r).isTrue();
            assertThat(r.response().protocol()).isEqualTo("HTTP/2");
            assertThat(proxy.requests())
                    .containsExactly("CONNECT 127.0.0.1:" + URI.create(url).getPort());
        }
    }

    @Test
    void theTargetNameIsResolvedByTheProxyAndVerifiedAgainstTheCertificate() {
        try (SlowEndpoints server = SlowEndpoints.start();
                ProxyServer proxy = ProxyServer.http();
                FanoutClient client = FanoutClient.builder()
                        .proxy(proxy.proxy())
                        .trustCertificates(server.certificatePem())
                        .build()) {
            // .invalid never resolves for the client; the test proxy takes every name for 127.0.0.1
            String plain = server.body(10).replace("127.0.0.1", "target.invalid");
            String secure = server.https(server.body(10)).replace("127.0.0.1", "target.invalid");

            List<Result> results = client.fetchAll(List.of(plain, secure));

            assertThat(results.get(0).ok()).as("%s", results.get(0)).isTrue();
            assertThat(results.get(1).error().kind()).as("%s", results.get(1)).isEqualTo(ErrorKind.TLS);
            assertThat(results.get(1).error().getMessage())
                    .contains("target.invalid")
                    .containsIgnoringCase("subject alternative");
            assertThat(proxy.requests()).hasSize(2).anyMatch(l -> l.startsWith("CONNECT target.invalid:"));
        }
    }

    @Test
    void credentialsGoInProxyAuthorizationForTheTunnelAndForAbsoluteForm() {
        try (SlowEndpoints server = SlowEndpoints.start();
                ProxyServer proxy = ProxyServer.http("alice", "s3cret");
                FanoutClient client = FanoutClient.builder()
                        .proxy(proxy.proxy().withCredentials("alice", "s3cret"))
                        .trustCertificates(server.certificatePem())
                        .build()) {
            List<Result> results = client.fetchAll(List.of(server.body(10), server.https(server.body(10))));

            assertThat(results).allSatisfy(r -> assertThat(r.ok()).as("%s", r).isTrue());
            assertThat(proxy.authorizations())
                    .containsOnly("Basic YWxpY2U6czNjcmV0")
                    .hasSize(2);
        }
    }

    @Test
    void aTunnelRefusedWith407IsOneClearConnectErrorWithoutTheCredentials() {
        try (SlowEndpoints server = SlowEndpoints.start();
                ProxyServer proxy = ProxyServer.http("alice", "s3cret");
                FanoutClient client = FanoutClient.builder()
                        .proxy(proxy.proxy().withCredentials("alice", "wrong-pass"))
                        .trustCertificates(server.certificatePem())
                        .build()) {
            String url = server.https(server.body(10));
            int port = URI.create(url).getPort();

            Result r = client.fetchAll(List.of(url)).get(0);

            assertThat(r.error().kind()).isEqualTo(ErrorKind.CONNECT);
            assertThat(r.error().getMessage())
                    .contains("proxy 127.0.0.1:" + proxy.port() + " refused CONNECT to 127.0.0.1:" + port
                            + ": 407 Proxy Authentication Required")
                    .doesNotContain("wrong-pass")
                    .doesNotContain("alice");
            assertThat(server.requestCount()).isZero();
        }
    }

    @Test
    void plainHttpAnswered407ByTheProxyIsAResponse() {
        try (SlowEndpoints server = SlowEndpoints.start();
                ProxyServer proxy = ProxyServer.http("alice", "s3cret");
                FanoutClient client =
                        FanoutClient.builder().proxy(proxy.proxy()).build()) {
            Result r = client.fetchAll(List.of(server.body(10))).get(0);

            assertThat(r.status()).as("%s", r).isEqualTo(407);
            assertThat(r.response().header("Proxy-Authenticate")).isEqualTo("Basic realm=\"test\"");
            assertThat(proxy.authorizations()).containsExactly("-");
        }
    }

    @Test
    void aTunnelRefusedWith403Or502NamesTheProxyAndItsAnswer() {
        for (int status : new int[] {403, 502}) {
            try (ProxyServer proxy = ProxyServer.refusing(status);
                    FanoutClient client =
                            FanoutClient.builder().proxy(proxy.proxy()).build()) {
                Result r =
                        client.fetchAll(List.of("https://api.example:8443/x")).get(0);

                assertThat(r.error().kind()).isEqualTo(ErrorKind.CONNECT);
                assertThat(r.error().getMessage())
                        .contains(
                                "proxy 127.0.0.1:" + proxy.port() + " refused CONNECT to api.example:8443: " + status);
            }
        }
    }

    @Test
    void aProxyThatIsDownIsAConnectErrorNamingIt() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try (FanoutClient client = FanoutClient.builder()
                .proxy(Proxy.http("127.0.0.1", closed).withCredentials("alice", "s3cret"))
                .build()) {
            List<Result> results = client.fetchAll(List.of("http://api.example/x", "https://api.example/y"));

            assertThat(results).allSatisfy(r -> {
                assertThat(r.error().kind()).isEqualTo(ErrorKind.CONNECT);
                assertThat(r.error().getMessage())
                        .contains("cannot connect to proxy 127.0.0.1:" + closed + ": connection refused")
                        .doesNotContain("s3cret");
            });
        }
    }
}
