package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.testkit.SlowEndpoints;
import java.io.IOException;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A proxy a {@link ProxySelector} chose, which carries no credentials, gets them from the
 * client's proxy {@link Authenticator}, asked as the JDK asks for a proxy.
 */
class ProxyAuthenticatorTest {

    /** What the authenticator was asked. */
    private record Asked(
            Authenticator.RequestorType type, String host, int port, String protocol, String scheme, String url) {}

    /** Gives {@code user}/{@code password} to every proxy, and records what it was asked. */
    private static final class Recording extends Authenticator {
        final List<Asked> asked = new CopyOnWriteArrayList<>();
        final String user;
        final String password;

        Recording(String user, String password) {
            this.user = user;
            this.password = password;
        }

        @Override
        protected PasswordAuthentication getPasswordAuthentication() {
            asked.add(new Asked(
                    getRequestorType(),
                    getRequestingHost(),
                    getRequestingPort(),
                    getRequestingProtocol(),
                    getRequestingScheme(),
                    String.valueOf(getRequestingURL())));
            return getRequestorType() == RequestorType.PROXY
                    ? new PasswordAuthentication(user, password.toCharArray())
                    : null;
        }
    }

    /** Chooses {@code proxy} for every URI. */
    private static ProxySelector always(java.net.Proxy proxy) {
        return new ProxySelector() {
            @Override
            public List<java.net.Proxy> select(URI uri) {
                return List.of(proxy);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
        };
    }

    private static java.net.Proxy jdkProxy(java.net.Proxy.Type type, ProxyServer server) {
        return new java.net.Proxy(type, InetSocketAddress.createUnresolved("127.0.0.1", server.port()));
    }

    @Test
    void aSelectorChosenHttpProxyThatWantsBasicAuthGetsItFromTheAuthenticator() {
        try (SlowEndpoints server = SlowEndpoints.start();
                ProxyServer proxy = ProxyServer.http("alice", "s3cret")) {
            Recording authenticator = new Recording("alice", "s3cret");
            try (FanoutClient client = FanoutClient.builder()
                    .proxySelector(always(jdkProxy(java.net.Proxy.Type.HTTP, proxy)))
                    .proxyAuthenticator(authenticator)
                    .trustCertificates(server.certificatePem())
                    .build()) {
                String url = server.https(server.body(10));
                int port = URI.create(url).getPort();

                Result r = client.fetchAll(List.of(url)).get(0);

                assertThat(r.ok()).as("%s", r).isTrue();
                String basic =
                        "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
                assertThat(proxy.authorizations()).containsExactly(basic);
                assertThat(authenticator.asked)
                        .containsExactly(new Asked(
                                Authenticator.RequestorType.PROXY,
                                "127.0.0.1",
                                proxy.port(),
                                "http",
                                "Basic",
                                "https://127.0.0.1:" + port + "/"));
            }
        }
    }

    @Test
    void withoutTheAuthenticatorTheSameProxyRefusesTheTunnelWith407() {
        try (ProxyServer proxy = ProxyServer.http("alice", "s3cret");
                FanoutClient client = FanoutClient.builder()
                        .proxySelector(always(jdkProxy(java.net.Proxy.Type.HTTP, proxy)))
                        .build()) {
            Result r = client.fetchAll(List.of("https://api.example/x")).get(0);

            assertThat(r.error().kind()).isEqualTo(ErrorKind.CONNECT);
            assertThat(r.error().getMessage())
                    .contains("proxy 127.0.0.1:" + proxy.port() + " refused CONNECT to api.example:443: 407");
            assertThat(proxy.authorizations()).containsExactly("-");
        }
    }

    @Test
    void wrongCredentialsFailWith407AndTheMessageNeverShowsThePassword() {
        try (ProxyServer proxy = ProxyServer.http("alice", "s3cret");
                FanoutClient client = FanoutClient.builder()
                        .proxySelector(always(jdkProxy(java.net.Proxy.Type.HTTP, proxy)))
                        .proxyAuthenticator(new Recording("alice", "wrong-horse"))
                        .build()) {
            Result r = client.fetchAll(List.of("https://api.example/x")).get(0);

            assertThat(r.error().kind()).isEqualTo(ErrorKind.CONNECT);
            assertThat(r.error().getMessage()).contains("407").doesNotContain("wrong-horse");
            assertThat(r.error().toString()).doesNotContain("wrong-horse");
        }
    }

    @Test
    void aSelectorChosenSocks5ProxyGetsTheUserNameAndPasswordFromTheAuthenticator() {
        try (SlowEndpoints server = SlowEndpoints.start();
                ProxyServer proxy = ProxyServer.socks5("alice", "s3cret")) {
            Recording authenticator = new Recording("alice", "s3cret");
            try (FanoutClient withIt = FanoutClient.builder()
                            .proxySelector(always(jdkProxy(java.net.Proxy.Type.SOCKS, proxy)))
                            .proxyAuthenticator(authenticator)
                            .build();
                    FanoutClient withoutIt = FanoutClient.builder()
                            .proxySelector(always(jdkProxy(java.net.Proxy.Type.SOCKS, proxy)))
                            .build()) {
                String url = server.body(10);

                Result ok = withIt.fetchAll(List.of(url)).get(0);
                Result refused = withoutIt.fetchAll(List.of(url)).get(0);

                assertThat(ok.ok()).as("%s", ok).isTrue();
                assertThat(authenticator.asked).singleElement().satisfies(a -> {
                    assertThat(a.type()).isEqualTo(Authenticator.RequestorType.PROXY);
                    assertThat(a.protocol()).isEqualTo("SOCKS5");
                    assertThat(a.port()).isEqualTo(proxy.port());
                });
                assertThat(refused.error().kind()).isEqualTo(ErrorKind.CONNECT);
                assertThat(refused.error().getMessage())
                        .contains("SOCKS5 proxy 127.0.0.1:" + proxy.port())
                        .contains("accepted none of the authentication methods offered");
            }
        }
    }

    @Test
    void aProxyWithCredentialsOfItsOwnDoesNotAskTheAuthenticator() {
        try (SlowEndpoints server = SlowEndpoints.start();
                ProxyServer proxy = ProxyServer.http("alice", "s3cret")) {
            Recording authenticator = new Recording("mallory", "nope");
            try (FanoutClient client = FanoutClient.builder()
                    .proxy(proxy.proxy().withCredentials("alice", "s3cret"))
                    .proxyAuthenticator(authenticator)
                    .build()) {
                Result r = client.fetchAll(List.of(server.body(10))).get(0);

                assertThat(r.ok()).as("%s", r).isTrue();
                assertThat(authenticator.asked).isEmpty();
            }
        }
    }

    @Test
    void anAuthenticatorThatThrowsFailsItsRequestAsConnectAndNotTheBatch() {
        try (SlowEndpoints server = SlowEndpoints.start();
                ProxyServer proxy = ProxyServer.http()) {
            Authenticator broken = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    throw new IllegalStateException("vault sealed");
                }
            };
            ProxySelector someThroughTheProxy = new ProxySelector() {
                @Override
                public List<java.net.Proxy> select(URI uri) {
                    return List.of(
                            uri.getHost().equals("127.0.0.1")
                                    ? java.net.Proxy.NO_PROXY
                                    : jdkProxy(java.net.Proxy.Type.HTTP, proxy));
                }

                @Override
                public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
            };
            try (FanoutClient client = FanoutClient.builder()
                    .proxySelector(someThroughTheProxy)
                    .proxyAuthenticator(broken)
                    .build()) {
                List<Result> results = client.fetchAll(List.of("http://api.example/x", server.body(10)));

                assertThat(results.get(0).error().kind()).isEqualTo(ErrorKind.CONNECT);
                assertThat(results.get(0).error().getMessage())
                        .contains("the proxy authenticator failed for 127.0.0.1:" + proxy.port())
                        .contains("vault sealed");
                assertThat(results.get(1).ok()).as("%s", results.get(1)).isTrue();
                assertThat(proxy.requests()).isEmpty();
            }
        }
    }
}
