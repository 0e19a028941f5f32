package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Responses over HTTP/2 that are unusual but well-formed: an interim 1xx first, no body. */
class Http2ResponsesTest {

    @Test
    void anInterimResponseIsSkippedForTheFinalOne() {
        try (H2Server server = H2Server.start();
                FanoutClient client =
                        FanoutClient.builder().httpVersion(HttpVersion.HTTP_2).build()) {
            List<Result> results = client.fetchAll(server.urls("/early-hints?bytes=10", 3));

            assertThat(results).allSatisfy(r -> {
                assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue();
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.response().body()).hasSize(10);
            });
        }
    }

    @Test
    void aResponseWithoutABodyEndsWithItsHeaders() {
        try (H2Server server = H2Server.start();
                FanoutClient client =
                        FanoutClient.builder().httpVersion(HttpVersion.HTTP_2).build()) {
            List<Result> results =
                    client.fetchAll(List.of(server.url("/missing"), server.url("/ok?status=204&bytes=0")));

            assertThat(results.get(0).status()).as("%s", results.get(0)).isEqualTo(404);
            assertThat(results.get(0).response().body()).isEmpty();
            assertThat(results.get(1).status()).as("%s", results.get(1)).isEqualTo(204);
        }
    }

    @Test
    void aGzippedBodyWithTrailersIsDecoded() {
        byte[] body = "hello, trailers ".repeat(1000).getBytes(StandardCharsets.UTF_8);
        try (H2Server server = H2Server.start(e -> e.respondGzipWithTrailers(body));
                FanoutClient client =
                        FanoutClient.builder().httpVersion(HttpVersion.HTTP_2).build()) {
            List<Result> results = client.fetchAll(server.urls("/gzip", 3));

            assertThat(results).allSatisfy(r -> {
                assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue();
                assertThat(r.response().body()).isEqualTo(body);
            });
        }
    }
}
