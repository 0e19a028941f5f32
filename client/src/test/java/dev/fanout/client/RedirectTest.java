package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Redirects: which are followed, how the method and body change, what crosses to another origin. */
class RedirectTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    private static FanoutClient client;

    @BeforeAll
    static void start() {
        client = FanoutClient.builder()
                .trustCertificates(endpoints.server().certificatePem())
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private static Request postWithCredentials(String url) {
        return Request.builder(url)
                .method("POST")
                .header("Authorization", "Bearer secret")
                .header("Cookie", "session=1")
                .header("Proxy-Authorization", "Basic x")
                .header("X-Trace", "kept")
                .body("the body")
                .build();
    }

    @Test
    void a302AfterAPostIsFollowedWithAGetAndNoBody(SlowEndpoints server) {
        Result r = client.sendAll(List.of(postWithCredentials(server.redirect(302, server.echo()))))
                .get(0);

        JsonNode echo = Echo.of(r);
        assertThat(echo.get("method").asText()).isEqualTo("GET");
        assertThat(echo.get("body").asText()).isEmpty();
        assertThat(Echo.header(echo, "Content-Type")).isNull();
        assertThat(Echo.header(echo, "Authorization")).isEqualTo("Bearer secret"); // same origin: kept
    }

    @Test
    void a303And301AlsoBecomeGet(SlowEndpoints server) {
        for (int status : new int[] {301, 303}) {
            JsonNode echo = Echo.of(client.sendAll(List.of(postWithCredentials(server.redirect(status, server.echo()))))
                    .get(0));
            assertThat(echo.get("method").asText()).as("after %d", status).isEqualTo("GET");
        }
    }

    @Test
    void a307And308KeepTheMethodAndTheBody(SlowEndpoints server) {
        for (int status : new int[] {307, 308}) {
            JsonNode echo = Echo.of(client.sendAll(List.of(postWithCredentials(server.redirect(status, server.echo()))))
                    .get(0));
            assertThat(echo.get("method").asText()).as("after %d", status).isEqualTo("POST");
            assertThat(echo.get("body").asText()).isEqualTo("the body");
        }
    }

    @Test
    void aHopToAnotherOriginDropsTheCredentials(SlowEndpoints server) {
        String elsewhere = server.echo().replace("127.0.0.1", "localhost");

        JsonNode echo = Echo.of(client.sendAll(List.of(postWithCredentials(server.redirect(307, elsewhere))))
                .get(0));

        assertThat(Echo.header(echo, "Authorization")).isNull();
        assertThat(Echo.header(echo, "Cookie")).isNull();
        assertThat(Echo.header(echo, "Proxy-Authorization")).isNull();
        assertThat(Echo.header(echo, "X-Trace")).isEqualTo("kept");
        assertThat(Echo.header(echo, "Host")).startsWith("localhost:");
    }

    @Test
    void aRelativeLocationIsResolvedAgainstTheRequest(SlowEndpoints server) {
        String echoPath = server.echo().substring(server.baseUrl().length());

        Result r = client.fetchAll(List.of(server.redirect(302, echoPath))).get(0);

        assertThat(Echo.of(r).get("url").asText()).isEqualTo(echoPath);
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.response().url()).isEqualTo(server.baseUrl() + echoPath);
    }

    @Test
    void aRedirectLoopEndsAsTooManyRedirects(SlowEndpoints server) {
        Result r = client.fetchAll(List.of(server.redirectLoop())).get(0);

        assertThat(r.error().kind()).isEqualTo(ErrorKind.TOO_MANY_REDIRECTS);
        assertThat(server.requestCount()).isEqualTo(FanoutClient.Builder.DEFAULT_MAX_REDIRECTS + 1);
    }

    @Test
    void maxRedirectsZeroReturnsTheRedirectItself(SlowEndpoints server) {
        try (FanoutClient noFollow = FanoutClient.builder().maxRedirects(0).build()) {
            Result r = noFollow.fetchAll(List.of(server.redirect(302, server.echo())))
                    .get(0);

            assertThat(r.status()).isEqualTo(302);
            assertThat(r.response().header("location")).contains("/echo/");
            assertThat(server.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void httpsToHttpIsNotFollowedUnlessAllowed(SlowEndpoints server) {
        String downgrade = server.https(server.redirect(302, server.echo()));

        Result refused = client.fetchAll(List.of(downgrade)).get(0);
        assertThat(refused.status()).isEqualTo(302);

        try (FanoutClient allowing = FanoutClient.builder()
                .trustCertificates(server.certificatePem())
                .allowHttpsToHttpRedirects()
                .build()) {
            Result followed = allowing.fetchAll(List.of(downgrade)).get(0);
            assertThat(Echo.of(followed).get("method").asText()).isEqualTo("GET");
        }
    }
}
