package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.testkit.SlowEndpoints;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A {@link ProxySelector} chooses each request's proxy, the JVM's default one from the system properties. */
class ProxySelectorTest {

    /** Proxies requests to 127.0.0.1 through {@code proxy}; the rest go straight. Records what it was asked. */
    private static final class ByHost extends ProxySelector {
        final List<URI> asked = new CopyOnWriteArrayList<>();
        final Proxy proxy;

        ByHost(ProxyServer proxy) {
            this.proxy = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("127.0.0.1", proxy.port()));
        }

        @Override
        public List<Proxy> select(URI uri) {
            asked.add(uri);
            return List.of(uri.getHost().equals("127.0.0.1") ? proxy : Proxy.NO_PROXY);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
    }

    @Test
    void oneBatchGoesThroughTheProxyForOneHostAndStraightForAnother() {
        try (SlowEndpoints server = SlowEndpoints.start();
                ProxyServer proxy = ProxyServer.http()) {
            ByHost selector = new ByHost(proxy);
            try (FanoutClient client =
                    FanoutClient.builder().proxySelector(selector).build()) {
                String proxied = server.body(10);
                String direct = server.body(11).replace("127.0.0.1", "localhost");

                List<Result> results = client.fetchAll(List.of(proxied, direct, proxied + "?again"));

                assertThat(results)
                        .allSatisfy(r -> assertThat(r.ok()).as("%s", r).isTrue());
                assertThat(results.get(1).response().body()).hasSize(11);
                assertThat(proxy.requests()).containsExactlyInAnyOrder("GET " + proxied, "GET " + proxied + "?again");
                assertThat(server.requestCount()).isEqualTo(3);
                assertThat(selector.asked)
                        .as("asked with scheme, host and port only")
                        .allSatisfy(u -> assertThat(u.getPath()).isEqualTo("/"))
                        .allSatisfy(u -> assertThat(u.getQuery()).isNull());
            }
        }
    }

    @Test
    void theDefaultSelectorFollowsHttpProxyHostAndNonProxyHosts() {
        String[] keys = {"http.proxyHost", "http.proxyPort", "http.nonProxyHosts"};
        String[] saved = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            saved[i] = System.getProperty(keys[i]);
        }
        try (SlowEndpoints server = SlowEndpoints.start();
                ProxyServer proxy = ProxyServer.http()) {
            System.setProperty("http.proxyHost", "127.0.0.1");
            System.setProperty("http.proxyPort", String.valueOf(proxy.port()));
            // the JDK adds its own spared hosts to these: localhost|127.*|[::1]|0.0.0.0|[::0]
            System.setProperty("http.nonProxyHosts", "spared.invalid");
            try (FanoutClient client = FanoutClient.builder()
                    .proxySelector(ProxySelector.getDefault())
                    .build()) {
                // .invalid names never resolve for the client; the test proxy takes every name for 127.0.0.1
                String proxied = server.body(10).replace("127.0.0.1", "target.invalid");
                String spared = server.body(10).replace("127.0.0.1", "spared.invalid");
                String loopback = server.body(10).replace("127.0.0.1", "localhost");

                List<Result> results = client.fetchAll(List.of(proxied, spared, loopback));

                assertThat(results.get(0).ok()).as("%s", results.get(0)).isTrue();
                assertThat(results.get(1).error().kind())
                        .as("straight, so resolved here")
                        .isEqualTo(ErrorKind.DNS);
                assertThat(results.get(1).error().getMessage()).contains("cannot resolve host 'spared.invalid'");
                assertThat(results.get(2).ok()).as("%s", results.get(2)).isTrue();
                assertThat(proxy.requests()).containsExactly("GET " + proxied);
            }
        } finally {
            for (int i = 0; i < keys.length; i++) {
                if (saved[i] == null) {
                    System.clearProperty(keys[i]);
                } else {
                    System.setProperty(keys[i], saved[i]);
                }
            }
        }
    }

    @Test
    void aSelectorThatThrowsFailsTheRequestAsConnect() {
        ProxySelector broken = new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                throw new IllegalStateException("no proxy for you");
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
        };
        try (FanoutClient client = FanoutClient.builder().proxySelector(broken).build()) {
            Result r = client.fetchAll(List.of("http://api.example/x")).get(0);

            assertThat(r.error().kind()).isEqualTo(ErrorKind.CONNECT);
            assertThat(r.error().getMessage()).contains("no proxy chosen").contains("no proxy for you");
        }
    }
}
