package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a Response offers: headers by any case, every value, charsets, JSON; and connect timeouts. */
class ResponseTest {

    @Test
    void headersAreFoundInAnyCaseWithEveryValueInOrder() throws IOException {
        try (RawServer server = new RawServer(c -> {
                    c.readRequest();
                    c.write(
                            "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nX-One: x\r\nContent-Length: 0\r\n\r\n");
                    c.readRequest();
                });
                FanoutClient client = FanoutClient.create()) {
            Response r = client.fetchAll(List.of(server.url("/"))).get(0).response();

            assertThat(r.header("SET-COOKIE")).isEqualTo("a=1");
            assertThat(r.headers("Set-Cookie")).containsExactly("a=1", "b=2");
            assertThat(r.header("x-one")).isEqualTo("x");
            assertThat(r.header("missing")).isNull();
            assertThat(r.headers("missing")).isEmpty();
        }
    }

    @Test
    void responsesWithTheSameHeadersShareTheirTexts() throws IOException {
        String head = "HTTP/1.1 200 OK\r\nServer: raw\r\nX-Trace: %s\r\nContent-Length: 2\r\n\r\nok";
        try (RawServer server = new RawServer(c -> {
                    for (String trace : List.of("t1", "t1", "t2")) {
                        c.readRequest();
                        c.write(String.format(head, trace));
                    }
                    c.readRequest();
                });
                FanoutClient client = FanoutClient.builder().maxInFlight(1).build()) {
            List<Result> results = client.fetchAll(List.of(server.url("/a"), server.url("/b"), server.url("/c")));

            Response a = results.get(0).response();
            Response b = results.get(1).response();
            Response c = results.get(2).response();
            assertThat(List.of(a.header("x-trace"), b.header("x-trace"), c.header("x-trace")))
                    .containsExactly("t1", "t1", "t2");
            // One copy of each text for the batch, not one per response.
            assertThat(b.header("Server")).isSameAs(a.header("Server"));
            assertThat(c.header("Server")).isSameAs(a.header("Server"));
            assertThat(b.header("X-Trace")).isSameAs(a.header("X-Trace"));
            assertThat(b.headerNames().get(1)).isSameAs(a.headerNames().get(1));
        }
    }

    @Test
    void theCharsetComesFromContentTypeElseUtf8() throws IOException {
        try (RawServer server = new RawServer(c -> {
                    c.readRequest();
                    c.write(
                            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=ISO-8859-1\r\nContent-Length: 4\r\n\r\ncaf\u00e9");
                    c.readRequest();
                    c.write(new byte[0]);
                    c.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    c.write("caf\u00e9".getBytes(StandardCharsets.UTF_8));
                    c.readRequest();
                });
                FanoutClient client = FanoutClient.create()) {
            assertThat(client.fetchAll(List.of(server.url("/latin1"))).get(0).bodyAsString())
                    .isEqualTo("caf\u00e9");
            assertThat(client.fetchAll(List.of(server.url("/utf8"))).get(0).bodyAsString())
                    .isEqualTo("caf\u00e9");
        }
    }

    @Test
    void aBodyThatIsNotJsonSaysSo() throws IOException {
        try (RawServer server = new RawServer(c -> {
                    c.readRequest();
                    c.write(RawServer.ok("not json"));
                    c.readRequest();
                });
                FanoutClient client = FanoutClient.create()) {
            Response r = client.fetchAll(List.of(server.url("/"))).get(0).response();

            assertThatThrownBy(() -> r.json(List.class))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("not JSON");
        }
    }

    @Test
    void aConnectThatIsNeverAcceptedIsConnectAfterTheConnectTimeout() throws IOException {
        try (FullBacklog full = new FullBacklog();
                FanoutClient client = FanoutClient.builder()
                        .connectTimeout(Duration.ofMillis(300))
                        .build()) {
            Result r = client.fetchAll(List.of(full.url("/"))).get(0);

            assertThat(r.error().kind()).as("%s", r.error()).isEqualTo(ErrorKind.CONNECT);
            assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(5));
        }
    }
}
