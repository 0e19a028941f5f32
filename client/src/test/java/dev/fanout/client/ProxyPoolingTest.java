package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.testkit.SlowEndpoints;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Connections through a proxy are pooled under the origin and the proxy: reused, and never shared with another route. */
class ProxyPoolingTest {

    @Test
    void aBatchThroughTheProxyReusesItsConnections() {
        try (SlowEndpoints server = SlowEndpoints.start();
                ProxyServer proxy = ProxyServer.http();
                FanoutClient client = FanoutClient.builder()
                        .proxy(proxy.proxy())
                        .maxConnectionsPerHost(4)
                        .trustCertificates(server.certificatePem())
                        .build()) {
            List<String> plain = server.delayed(40, Duration.ofMillis(20));
            List<String> secure = plain.stream().map(server::https).toList();

            List<Result> first = client.fetchAll(plain);
            List<Result> second = client.fetchAll(secure);
            List<Result> third = client.fetchAll(secure);

            assertThat(first).allSatisfy(r -> assertThat(r.ok()).as("%s", r).isTrue());
            assertThat(second).allSatisfy(r -> assertThat(r.ok()).as("%s", r).isTrue());
            assertThat(third).allSatisfy(r -> assertThat(r.ok()).as("%s", r).isTrue());
            // 4 for the plain origin, 4 tunnels for the https one, none more for the third batch
            assertThat(proxy.connections()).isEqualTo(8);
            assertThat(proxy.requests())
                    .filteredOn(l -> l.startsWith("CONNECT"))
                    .hasSize(4);
            assertThat(server.requestCount()).isEqualTo(120);
        }
    }

    @Test
    void aConnectionThroughAProxyIsNotUsedForTheDirectRouteNorForAnotherProxy() {
        try (SlowEndpoints server = SlowEndpoints.start();
                ProxyServer one = ProxyServer.http();
                ProxyServer two = ProxyServer.http()) {
            AtomicReference<Proxy> choice = new AtomicReference<>(Proxy.NO_PROXY);
            ProxySelector selector = new ProxySelector() {
                @Override
                public List<Proxy> select(URI uri) {
                    return List.of(choice.get());
                }

                @Override
                public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
            };
            try (FanoutClient client =
                    FanoutClient.builder().proxySelector(selector).build()) {
                String url = server.body(10);

                choice.set(httpProxy(one));
                Result viaOne = client.fetchAll(List.of(url)).get(0);
                choice.set(Proxy.NO_PROXY);
                Result direct = client.fetchAll(List.of(url)).get(0);
                choice.set(httpProxy(two));
                Result viaTwo = client.fetchAll(List.of(url)).get(0);
                choice.set(httpProxy(one));
                Result viaOneAgain = client.fetchAll(List.of(url)).get(0);

                assertThat(List.of(viaOne, direct, viaTwo, viaOneAgain))
                        .allSatisfy(r -> assertThat(r.ok()).as("%s", r).isTrue());
                assertThat(one.requests())
                        .as("the first proxy saw its two requests")
                        .hasSize(2);
                assertThat(one.connections()).as("on one pooled connection").isEqualTo(1);
                assertThat(two.requests()).hasSize(1);
                assertThat(server.requestCount()).isEqualTo(4);
                assertThat(server.connectionsOpened())
                        .as("the proxy's upstream connections (one per request) and the direct one")
                        .isEqualTo(4);
            }
        }
    }

    private static Proxy httpProxy(ProxyServer proxy) {
        return new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", proxy.port()));
    }
}
