package dev.fanout.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Delayed URLs are answered after the delay written in them, fixed or drawn, with nothing registered. */
class DelayedEndpointsTest {

    @RegisterExtension // one server for the class, reset before each test
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    private static SlowEndpoints server;
    private static Http http;

    @BeforeAll
    static void connect() {
        server = endpoints.server();
        http = Http.http1(server);
    }

    @Test
    void delayedUrlIsAnsweredAfterItsDelayWithItsOwnPath() throws Exception {
        String url = server.delayed(Duration.ofMillis(300));

        Http.Timed<HttpResponse<String>> response = Http.timed(() -> http.get(url));

        assertThat(url).startsWith(server.baseUrl() + "/delay/300/");
        assertThat(response.value().statusCode()).isEqualTo(200);
        assertThat(server.baseUrl() + response.value().body()).isEqualTo(url);
        assertThat(response.value().headers().firstValue("X-Delay-Millis")).hasValue("300");
        assertThat(response.took()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void tenThousandDelayedUrlsAreAllDistinctAndRegisterNothing() {
        List<String> urls = server.delayed(10_000, Duration.ofMillis(10));

        assertThat(urls).hasSize(10_000);
        assertThat(new HashSet<>(urls)).hasSize(10_000);
        assertThat(server.delayed(Duration.ofMillis(10))).isNotIn(urls);
        assertThat(server.wireMock().getStubMappings()).hasSize(1);
    }

    @Test
    void delayWrittenInTheUrlNeedsNoRegistration() throws Exception {
        String url = server.baseUrl() + "/delay/200?any=thing";

        Http.Timed<HttpResponse<String>> response = Http.timed(() -> http.get(url));

        assertThat(response.value().statusCode()).isEqualTo(200);
        assertThat(response.value().body()).isEqualTo("/delay/200?any=thing");
        assertThat(response.took()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(server.wireMock().getStubMappings()).hasSize(1);
    }

    @Test
    void aMalformedDelayIsABadRequestThatSaysWhy() throws Exception {
        HttpResponse<String> response = http.get(server.baseUrl() + "/delay/soon");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("bad number 'soon'");
    }

    @Test
    void uniformDelaysAreDrawnWithinTheirBoundsAtEachRequest() {
        String url = server.uniformDelay(Duration.ofMillis(20), Duration.ofMillis(60));

        List<Long> delays = delaysOf(http.getAll(Collections.nCopies(100, url)));

        assertThat(delays).allSatisfy(d -> assertThat(d).isBetween(20L, 60L));
        assertThat(new HashSet<>(delays)).hasSizeGreaterThan(1);
    }

    @Test
    void logNormalDelaysCenterOnTheirMedianAndNeverExceedTheCap() {
        String url = server.logNormalDelay(Duration.ofMillis(40), 1.0, Duration.ofMillis(120));

        List<Long> delays = delaysOf(http.getAll(Collections.nCopies(201, url)));

        Collections.sort(delays);
        assertThat(delays.get(100)).as("median").isBetween(20L, 80L);
        assertThat(delays).allSatisfy(d -> assertThat(d).isBetween(0L, 120L));
        // With sigma 1, about 14% of draws exceed 3x the median and land on the cap.
        assertThat(delays).contains(120L);
    }

    @Test
    void logNormalCapHoldsEvenForAHugeMedian() throws Exception {
        String url = server.logNormalDelay(Duration.ofHours(1), 0.5, Duration.ofMillis(200));

        Http.Timed<HttpResponse<String>> response = Http.timed(() -> http.get(url));

        assertThat(response.value().headers().firstValue("X-Delay-Millis")).hasValue("200");
        assertThat(response.took()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    private static List<Long> delaysOf(List<HttpResponse<String>> responses) {
        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200);
        return new ArrayList<>(responses.stream()
                .map(r ->
                        Long.parseLong(r.headers().firstValue("X-Delay-Millis").orElseThrow()))
                .toList());
    }
}
