package dev.fanout.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A slow body is slow for every client, one that accepts gzip too: WireMock would gzip it, and
 * to do so buffer it whole, so the testkit turns WireMock's gzip off unless asked.
 */
class SlowBodyTest {

    private static final Duration DURATION = Duration.ofSeconds(1);

    @Test
    void aGzipAcceptingClientSeesTheTestkitsSlowBodyDribble() throws Exception {
        try (SlowEndpoints server = SlowEndpoints.start()) {
            Arrival arrival = fetchAcceptingGzip(server.slowBody(2_000, 10, DURATION));

            assertThat(arrival.contentEncoding).isNull();
            assertThat(arrival.bytes).isEqualTo(2_000);
            // Spread over the duration, not in one piece at its end.
            assertThat(arrival.firstToLast).isGreaterThanOrEqualTo(DURATION.dividedBy(2));
        }
    }

    @Test
    void aGzipAcceptingClientSeesASlowBodyOfTheTestsOwnDribble() throws Exception {
        try (SlowEndpoints server = SlowEndpoints.start()) {
            server.stub(get("/report"), Answer.text("x".repeat(2_000)).slowBody(10, DURATION));

            Arrival arrival = fetchAcceptingGzip(server.url("/report"));

            assertThat(arrival.bytes).isEqualTo(2_000);
            assertThat(arrival.firstToLast).isGreaterThanOrEqualTo(DURATION.dividedBy(2));
        }
    }

    @Test
    void gzipCanBeTurnedBackOn() throws Exception {
        try (SlowEndpoints server = SlowEndpoints.builder().gzip(true).start()) {
            Arrival arrival = fetchAcceptingGzip(server.body(2_000));

            assertThat(arrival.contentEncoding).isEqualTo("gzip");
            assertThat(arrival.bytes).isLessThan(2_000);
        }
    }

    /** Reads the body as it arrives, undecoded, noting when its first and last bytes came. */
    private static Arrival fetchAcceptingGzip(String url) throws IOException, InterruptedException {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Accept-Encoding", "gzip")
                .build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        long first = 0;
        long last = 0;
        int bytes = 0;
        try (InputStream body = response.body()) {
            byte[] buffer = new byte[64];
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                if (n > 0) {
                    last = System.nanoTime();
                    first = bytes == 0 ? last : first;
                    bytes += n;
                }
            }
        }
        return new Arrival(
                response.headers().firstValue("Content-Encoding").orElse(null), bytes, Duration.ofNanos(last - first));
    }

    private record Arrival(String contentEncoding, int bytes, Duration firstToLast) {}
}
