package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A server may answer before it has read the request body (a 413, a 401) and never read the
 * rest: the response is the result, and the stream the body was still being sent on must be
 * given up, or it holds one of the connection's few streams for good.
 */
class Http2EarlyResponseTest {

    private static List<Request> uploadsThenGets(H2Server server, int n) {
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            requests.add(Request.builder(server.url("/upload?i=" + i))
                    .method("POST")
                    .body(new byte[1 << 20])
                    .build());
        }
        for (int i = 0; i < n; i++) {
            requests.add(Request.get(server.url("/ok?i=" + i)));
        }
        return requests;
    }

    private static void answerUploadsEarly(H2Exchange e, boolean reset) {
        if (e.route().equals("/upload")) {
            e.respondBeforeTheBody(413, reset);
        } else {
            H2Server.byPath(e);
        }
    }

    @Test
    void anEarlyAnswerWithoutAResetFreesTheStream() {
        try (H2Server server = H2Server.withStreamLimit(2, e -> answerUploadsEarly(e, false));
                FanoutClient client = FanoutClient.builder()
                        .httpVersion(HttpVersion.HTTP_2)
                        .maxConnectionsPerHost(1)
                        .requestTimeout(Duration.ofSeconds(5))
                        .build()) {
            List<Result> results = client.sendAll(uploadsThenGets(server, 3));

            assertThat(results)
                    .allSatisfy(r ->
                            assertThat(r.response()).as("%s: %s", r, r.error()).isNotNull());
            assertThat(results.subList(0, 3))
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(413));
            assertThat(results.subList(3, 6))
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void anEarlyAnswerWithAResetIsTheResult() {
        try (H2Server server = H2Server.withStreamLimit(2, e -> answerUploadsEarly(e, true));
                FanoutClient client = FanoutClient.builder()
                        .httpVersion(HttpVersion.HTTP_2)
                        .maxConnectionsPerHost(1)
                        .requestTimeout(Duration.ofSeconds(5))
                        .build()) {
            List<Result> results = client.sendAll(uploadsThenGets(server, 3));

            assertThat(results)
                    .allSatisfy(r ->
                            assertThat(r.response()).as("%s: %s", r, r.error()).isNotNull());
            assertThat(results.subList(0, 3))
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(413));
            assertThat(results.subList(3, 6))
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
            assertThat(server.connections()).isEqualTo(1);
        }
    }
}
