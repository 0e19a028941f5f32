package dev.fanout.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Echo, redirect and gzip URLs answer with the request, the redirect, and a small body that inflates. */
class EchoRedirectGzipTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    @Test
    void echoAnswersWithTheRequestItReceived(SlowEndpoints server) throws Exception {
        String url = server.echo();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "?q=%221%22"))
                .header("Authorization", "Bearer secret")
                .header("X-Many", "a")
                .header("X-Many", "b")
                .POST(HttpRequest.BodyPublishers.ofString("hello\n\"world\""))
                .build();

        HttpResponse<String> response = client().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body())
                .startsWith("{\"method\":\"POST\",\"url\":\""
                        + url.substring(server.baseUrl().length()) + "?q=%221%22\"")
                .contains("\"Authorization\":[\"Bearer secret\"]")
                .contains("\"X-Many\":[\"a\",\"b\"]")
                .endsWith(",\"body\":\"hello\\u000a\\\"world\\\"\"}");
    }

    @Test
    void redirectSendsItsStatusAndLocation(SlowEndpoints server) throws Exception {
        String target = server.json();
        HttpClient following = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();

        HttpResponse<String> raw = Http.http1(server).get(server.redirect(307, target));
        HttpResponse<String> followed = following.send(
                HttpRequest.newBuilder(URI.create(server.redirect(302, target))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(raw.statusCode()).isEqualTo(307);
        assertThat(raw.headers().firstValue("Location")).hasValue(target);
        assertThat(followed.uri().toString()).isEqualTo(target);
        assertThat(server.requestCount(target)).isEqualTo(1);
    }

    @Test
    void redirectLoopRedirectsToItselfUntilTheClientGivesUp(SlowEndpoints server) throws Exception {
        String loop = server.redirectLoop();
        HttpClient following = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();

        HttpResponse<String> last = send(following, loop);

        // The JDK client follows the loop up to its limit, then hands back the last redirect.
        assertThat(last.statusCode()).isEqualTo(302);
        assertThat(last.headers().firstValue("Location"))
                .hasValue(loop.substring(server.baseUrl().length()));
        assertThat(server.requestCount(loop)).isGreaterThan(2);
    }

    @Test
    void gzipBodyIsSmallOnTheWireAndInflatesToItsSize(SlowEndpoints server) throws Exception {
        long inflated = 50_000_000;

        HttpResponse<InputStream> response = client().send(
                        HttpRequest.newBuilder(URI.create(server.gzipBody(inflated)))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        byte[] wire;
        try (InputStream in = response.body()) {
            wire = in.readAllBytes();
        }
        long count = 0;
        boolean allZeros = true;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(wire))) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; count += n) {
                for (int i = 0; i < n; i++) {
                    allZeros &= buffer[i] == 0;
                }
            }
        }

        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(wire.length).isLessThan(100_000);
        assertThat(count).isEqualTo(inflated);
        assertThat(allZeros).isTrue();
    }

    private static HttpResponse<String> send(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }
}
