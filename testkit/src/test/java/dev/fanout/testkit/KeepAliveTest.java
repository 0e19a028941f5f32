package dev.fanout.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One HTTP/1.1 connection serves request after request, the tests' own stubs among them. */
class KeepAliveTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    @Test
    void oneHttp11ConnectionServesRequestAfterRequest(SlowEndpoints server) throws Exception {
        String first = server.delayed(Duration.ofMillis(50));
        String second = server.status(503);
        String third = server.delayed(Duration.ofMillis(10));

        try (RawHttp connection = RawHttp.connect(server.baseUrl())) {
            connection.send(first);
            String one = connection.readChunkedResponse();
            connection.send(second);
            String two = connection.readChunkedResponse();
            connection.send(third);
            String three = connection.readChunkedResponse();

            assertThat(one).startsWith("HTTP/1.1 200").endsWith(path(server, first) + "\r\n0\r\n\r\n");
            assertThat(two).startsWith("HTTP/1.1 503");
            assertThat(three).startsWith("HTTP/1.1 200");
            assertThat(one + two + three).doesNotContainIgnoringCase("Connection: close");
        }
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @Test
    void stubsOfTheTestsOwnAreCountedAndWinOverTestkitUrls(SlowEndpoints server) throws Exception {
        server.wireMock().stubFor(WireMock.get("/status/200/mine").willReturn(WireMock.ok("mine")));
        server.wireMock().stubFor(WireMock.get("/hello").willReturn(WireMock.ok("hi")));
        Http http = Http.http1(server);

        assertThat(http.get(server.url("/status/200/mine")).body()).isEqualTo("mine");
        assertThat(http.get(server.url("/hello")).body()).isEqualTo("hi");
        assertThat(server.requestCount(server.url("/hello"))).isEqualTo(1);
        assertThat(server.requestCount()).isEqualTo(2);
    }

    private static String path(SlowEndpoints server, String url) {
        return url.substring(server.baseUrl().length());
    }
}
