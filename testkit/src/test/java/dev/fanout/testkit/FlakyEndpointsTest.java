package dev.fanout.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Flaky URLs fail exactly N times, in the way asked, then succeed. */
class FlakyEndpointsTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    @Test
    void flakyUrlFailsExactlyNTimesThenSucceeds(SlowEndpoints server) throws Exception {
        String url = server.flaky(3, Failure.status(503));
        Http http = Http.http1(server);

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(http.get(url).statusCode());
        }

        assertThat(statuses).containsExactly(503, 503, 503, 200, 200);
        assertThat(server.requestCount(url)).isEqualTo(5);
    }

    @Test
    void eachFlakyUrlCountsItsOwnFailuresWhenFannedOut(SlowEndpoints server) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            urls.add(server.flaky(2, Failure.status(429)));
        }
        Http http = Http.http1(server);

        List<HttpResponse<String>> first = http.getAll(urls);
        List<HttpResponse<String>> second = http.getAll(urls);
        List<HttpResponse<String>> third = http.getAll(urls);

        assertThat(first).extracting(HttpResponse::statusCode).containsOnly(429);
        assertThat(second).extracting(HttpResponse::statusCode).containsOnly(429);
        assertThat(third).extracting(HttpResponse::statusCode).containsOnly(200);
        assertThat(urls).allSatisfy(url -> assertThat(server.requestCount(url)).isEqualTo(3));
    }

    @Test
    void flakyUrlCanFailWithATransportFault(SlowEndpoints server) throws Exception {
        String url = server.flaky(2, Failure.connectionReset());

        for (int i = 0; i < 2; i++) {
            try (RawHttp raw = RawHttp.get(url)) {
                assertThat(readOrFailure(raw)).as("attempt %d", i + 1).isEqualTo("reset");
            }
        }
        try (RawHttp raw = RawHttp.get(url)) {
            assertThat(raw.readChunkedResponse()).startsWith("HTTP/1.1 200");
        }
        assertThat(server.requestCount(url)).isEqualTo(3);
    }

    @Test
    void everyKindOfFailureCanBeFlaky(SlowEndpoints server) throws Exception {
        for (Failure failure :
                List.of(Failure.emptyResponse(), Failure.malformedChunk(), Failure.randomDataThenClose())) {
            String url = server.flaky(1, failure);
            try (RawHttp raw = RawHttp.get(url)) {
                assertThat(raw.readToEnd()).as(url).doesNotContain("\r\n0\r\n\r\n");
            }
            try (RawHttp raw = RawHttp.get(url)) {
                assertThat(raw.readChunkedResponse()).as(url).startsWith("HTTP/1.1 200");
            }
        }
    }

    @Test
    void resetStartsTheFailuresAgain(SlowEndpoints server) throws Exception {
        String url = server.flaky(1, Failure.status(500));
        Http http = Http.http1(server);
        assertThat(http.get(url).statusCode()).isEqualTo(500);
        assertThat(http.get(url).statusCode()).isEqualTo(200);

        server.reset();

        assertThat(http.get(url).statusCode()).isEqualTo(500);
        assertThat(server.requestCount(url)).isEqualTo(1);
    }

    private static String readOrFailure(RawHttp raw) {
        try {
            return raw.readToEnd().isEmpty() ? "closed" : "answered";
        } catch (IOException e) {
            return e.getMessage().contains("reset") ? "reset" : e.toString();
        }
    }
}
