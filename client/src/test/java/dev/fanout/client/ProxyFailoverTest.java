package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.testkit.SlowEndpoints;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * When a proxy a {@link ProxySelector} chose fails, the selector is told and its next choice is
 * tried, as the JDK's HttpURLConnection and OkHttp do; only when every choice failed does the
 * request fail, once, naming each.
 */
class ProxyFailoverTest {

    /** A failure the selector was told of. */
    private record Failed(URI uri, SocketAddress address, IOException error) {}

    /** Answers what {@code choose} says, and records the failures it is told of. */
    private static final class Recording extends ProxySelector {
        final List<Failed> failed = new CopyOnWriteArrayList<>();
        final Function<URI, List<Proxy>> choose;

        Recording(Function<URI, List<Proxy>> choose) {
            this.choose = choose;
        }

        @Override
        public List<Proxy> select(URI uri) {
            return choose.apply(uri);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            failed.add(new Failed(uri, sa, ioe));
        }
    }

    private static Proxy http(int port) {
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("127.0.0.1", port));
    }

    private static Proxy socks(int port) {
        return new Proxy(Proxy.Type.SOCKS, InetSocketAddress.createUnresolved("127.0.0.1", port));
    }

    /** Returns a loopback port nothing listens on: a connect to it is refused. */
    private static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aDeadFirstProxyIsReportedToTheSelectorAndTheSecondCarriesTheRequest() throws IOException {
        int dead = deadPort();
        try (SlowEndpoints server = SlowEndpoints.start();
                ProxyServer second = ProxyServer.http()) {
            Proxy first = http(dead);
            Recording selector = new Recording(uri -> List.of(first, http(second.port())));
            try (FanoutClient client =
                    FanoutClient.builder().proxySelector(selector).build()) {
                String url = server.body(10);
                int port = URI.create(url).getPort();

                Result r = client.fetchAll(List.of(url)).get(0);

                assertThat(r.ok()).as("%s", r).isTrue();
                assertThat(second.requests()).containsExactly("GET " + url);
                assertThat(selector.failed).singleElement().satisfies(f -> {
                    assertThat(f.uri()).isEqualTo(URI.create("http://127.0.0.1:" + port + "/"));
                    assertThat(f.address()).isSameAs(first.address());
                    assertThat(f.error()).hasMessageContaining("127.0.0.1:" + dead);
                });
            }
        }
    }

    @Test
    void aProxyThatRefusesTheTunnelGivesWayToTheNextOne() {
        try (SlowEndpoints server = SlowEndpoints.start();
                ProxyServer refusing = ProxyServer.refusing(403);
                ProxyServer working = ProxyServer.socks5()) {
            Recording selector = new Recording(uri -> List.of(http(refusing.port()), socks(working.port())));
            try (FanoutClient client = FanoutClient.builder()
                    .proxySelector(selector)
                    .trustCertificates(server.certificatePem())
                    .build()) {
                String url = server.https(server.body(10));

                Result r = client.fetchAll(List.of(url)).get(0);

                assertThat(r.ok()).as("%s", r).isTrue();
                assertThat(refusing.requests()).hasSize(1).allMatch(line -> line.startsWith("CONNECT "));
                assertThat(working.requests()).hasSize(1);
                assertThat(selector.failed)
                        .singleElement()
                        .satisfies(f -> assertThat(f.error())
                                .hasMessageContaining("refused CONNECT")
                                .hasMessageContaining("403"));
            }
        }
    }

    @Test
    void directAfterADeadProxyGoesStraight() throws IOException {
        int dead = deadPort();
        try (SlowEndpoints server = SlowEndpoints.start()) {
            Recording selector = new Recording(uri -> List.of(http(dead), Proxy.NO_PROXY));
            try (FanoutClient client =
                    FanoutClient.builder().proxySelector(selector).build()) {
                Result r = client.fetchAll(List.of(server.body(10))).get(0);

                assertThat(r.ok()).as("%s", r).isTrue();
                assertThat(server.requestCount()).isEqualTo(1);
                assertThat(selector.failed).hasSize(1);
            }
        }
    }

    @Test
    void whenEveryProxyFailsTheRequestFailsOnceNamingEach() throws IOException {
        int dead = deadPort();
        try (ProxyServer refusing = ProxyServer.refusing(502)) {
            Recording selector = new Recording(uri -> List.of(http(dead), http(refusing.port())));
            try (FanoutClient client =
                    FanoutClient.builder().proxySelector(selector).build()) {
                Result r = client.fetchAll(List.of("https://api.example/x")).get(0);

                assertThat(r.error().kind()).isEqualTo(ErrorKind.CONNECT);
                assertThat(r.error().getMessage())
                        .contains("every route failed (2 tried)")
                        .contains("cannot connect to proxy 127.0.0.1:" + dead)
                        .contains("proxy 127.0.0.1:" + refusing.port() + " refused CONNECT to api.example:443: 502");
                assertThat(selector.failed)
                        .extracting(f -> ((InetSocketAddress) f.address()).getPort())
                        .containsExactly(dead, refusing.port());
            }
        }
    }

    @Test
    void aSelectorThatChoosesNothingOrThrowsFailsOnlyItsOwnRequests() {
        try (SlowEndpoints server = SlowEndpoints.start()) {
            Recording selector = new Recording(uri -> switch (uri.getHost()) {
                case "empty.example" -> List.of();
                case "broken.example" -> throw new IllegalStateException("no proxy for you");
                default -> List.of(Proxy.NO_PROXY);
            });
            try (FanoutClient client =
                    FanoutClient.builder().proxySelector(selector).build()) {
                List<Result> results =
                        client.fetchAll(List.of("http://empty.example/x", "http://broken.example/y", server.body(10)));

                assertThat(results.get(0).error().kind()).isEqualTo(ErrorKind.CONNECT);
                assertThat(results.get(0).error().getMessage())
                        .contains("the proxy selector returned an empty list for http://empty.example:80/");
                assertThat(results.get(1).error().kind()).isEqualTo(ErrorKind.CONNECT);
                assertThat(results.get(1).error().getMessage()).contains("no proxy for you");
                assertThat(results.get(2).ok()).as("%s", results.get(2)).isTrue();
            }
        }
    }

    @Test
    void aSelectorWhoseConnectFailedThrowsStillHasItsNextProxyTried() throws IOException {
        int dead = deadPort();
        try (SlowEndpoints server = SlowEndpoints.start();
                ProxyServer second = ProxyServer.http()) {
            ProxySelector throwing = new ProxySelector() {
                @Override
                public List<Proxy> select(URI uri) {
                    return List.of(http(dead), http(second.port()));
                }

                @Override
                public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                    throw new IllegalStateException("bookkeeping failed");
                }
            };
            try (FanoutClient client =
                    FanoutClient.builder().proxySelector(throwing).build()) {
                Result r = client.fetchAll(List.of(server.body(10))).get(0);

                assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue();
                assertThat(second.requests()).hasSize(1);
            }
        }
    }
}
