package dev.fanout.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Body, status, JSON and slow-body URLs answer with exactly what they say. */
class BodiesAndStatusesTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    @Test
    void bodyUrlAnswersWithExactlyThatManyBytes(SlowEndpoints server) throws Exception {
        Http http = Http.http1(server);

        HttpResponse<String> large = http.get(server.body(100_000));
        HttpResponse<String> empty = http.get(server.body(0));

        assertThat(large.body()).hasSize(100_000).startsWith("abcdefghijklmnopqrstuvwxyza");
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).isEmpty();
    }

    @Test
    void statusUrlAnswersWithThatStatusAndTheHeadersAskedFor(SlowEndpoints server) throws Exception {
        Http http = Http.http1(server);

        HttpResponse<String> notFound = http.get(server.status(404));
        HttpResponse<String> tooMany =
                http.get(server.status(429, Map.of("Retry-After", "2", "X-Reason", "slow down")));
        HttpResponse<String> headed = http.get(SlowEndpoints.withHeader(
                SlowEndpoints.withHeader(server.delayed(Duration.ofMillis(1)), "Set-Cookie", "a=1"),
                "Set-Cookie",
                "b=2"));

        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(tooMany.statusCode()).isEqualTo(429);
        assertThat(tooMany.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(tooMany.headers().firstValue("X-Reason")).hasValue("slow down");
        assertThat(headed.headers().allValues("Set-Cookie")).containsExactly("a=1", "b=2");
    }

    @Test
    void jsonUrlAnswersWithJson(SlowEndpoints server) throws Exception {
        Http http = Http.http1(server);
        String url = server.json();

        HttpResponse<String> own = http.get(url);
        HttpResponse<String> given = http.get(server.json("{\"name\":\"fanout\",\"n\":[1,2]}"));

        assertThat(own.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(own.body())
                .isEqualTo("{\"url\":\"" + url.substring(server.baseUrl().length()) + "\"}");
        assertThat(given.body()).isEqualTo("{\"name\":\"fanout\",\"n\":[1,2]}");
    }

    @Test
    void slowBodySendsItsHeadersLongBeforeItsLastByte(SlowEndpoints server) throws Exception {
        Duration duration = Duration.ofMillis(1_000);
        String url = server.slowBody(10, 5, duration);
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        long start = System.nanoTime();
        HttpResponse<InputStream> response =
                client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofInputStream());
        long headers = System.nanoTime();
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readAllBytes();
        }
        long end = System.nanoTime();

        assertThat(new String(body, StandardCharsets.US_ASCII)).isEqualTo("abcdefghij");
        assertThat(Duration.ofNanos(end - start)).isGreaterThanOrEqualTo(duration);
        assertThat(Duration.ofNanos(end - headers)).isGreaterThanOrEqualTo(duration.dividedBy(2));
    }

    @Test
    void manySlowBodiesAreSentAtOnceNotTenAtATime(SlowEndpoints server) throws Exception {
        Duration duration = Duration.ofMillis(500);
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            urls.add(server.slowBody(10, 5, duration));
        }
        Http http = Http.http1(server);

        Http.Timed<List<HttpResponse<String>>> responses = Http.timed(() -> http.getAll(urls));

        assertThat(responses.value()).extracting(HttpResponse::body).containsOnly("abcdefghij");
        assertThat(server.requestCount()).isEqualTo(100);
        // WireMock's default of 10 response threads would take ten durations.
        assertThat(responses.took()).isLessThan(duration.multipliedBy(5));
    }

    @Test
    void aBodyThatIsNotBase64IsABadRequest(SlowEndpoints server) throws Exception {
        HttpResponse<String> response = Http.http1(server).get(server.json() + "?b=*not*base64*");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("bad query");
    }

    @Test
    void unknownPathIsANotFound(SlowEndpoints server) throws Exception {
        assertThat(Http.http1(server).get(server.url("/nothing/here")).statusCode())
                .isEqualTo(404);
    }
}
