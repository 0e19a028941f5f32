package dev.fanout.testkit;

import static dev.fanout.testkit.RawHttp.filler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The hostile server's bodies: one without end, a trickle, a close or reset mid-body, trailers. */
class HostileBodyTest {

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n";

    @Test
    void bodyWithoutEndSendsPartOfItsLengthThenNothing() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawHttp raw = RawHttp.get(server.bodyWithoutEnd(1_000_000, 100))) {
            assertThat(raw.readHead()).isEqualTo(OK + "Content-Length: 1000000\r\n\r\n");
            assertThat(raw.readExactly(100)).isEqualTo(filler(100));
            assertThat(raw.staysSilentFor(300)).as("silent, connection open").isTrue();
        }
    }

    @Test
    void trickleSendsItsChunksOneIntervalApart() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawHttp raw = RawHttp.get(server.trickle(30, 10, Duration.ofMillis(100)))) {
            long start = System.nanoTime();
            assertThat(raw.readHead()).isEqualTo(OK + "Content-Length: 30\r\n\r\n");
            assertThat(raw.readExactly(10)).isEqualTo(filler(10));
            assertThat(raw.readExactly(20)).isEqualTo(filler(30).substring(10));
            // Three chunks, each one interval after the one before: never sooner than 300 ms.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

            raw.send(server.ok());
            assertThat(raw.readHead()).as("kept alive once complete").startsWith("HTTP/1.1 200 OK");
        }
    }

    @Test
    void closeMidBodyCutsAChunkWithAFin() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawHttp raw = RawHttp.get(server.closeMidBody(100))) {
            assertThat(raw.readToEnd()).isEqualTo(OK + "Transfer-Encoding: chunked\r\n\r\nc8\r\n" + filler(100));
        }
    }

    @Test
    void resetMidBodyEndsInATcpReset() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawHttp raw = RawHttp.get(server.resetMidBody(100))) {
            assertThat(raw.readHead()).isEqualTo(OK + "Content-Length: 200\r\n\r\n");
            ByteArrayOutputStream body = new ByteArrayOutputStream();

            assertThatThrownBy(() -> raw.in().transferTo(body))
                    .isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
            assertThat(filler(100)).startsWith(body.toString(StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void chunkedWithTrailersSendsTwoChunksThenTrailersAndStaysOpen() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawHttp raw = RawHttp.get(server.chunkedWithTrailers())) {
            String response = OK + "Transfer-Encoding: chunked\r\nTrailer: X-Chunks, X-Body-Length\r\n\r\n"
                    + "5\r\nhello\r\n7\r\n, world\r\n0\r\nX-Chunks: 2\r\nX-Body-Length: 12\r\n\r\n";

            assertThat(raw.readExactly(response.length())).isEqualTo(response);
            raw.send(server.ok());
            assertThat(raw.readHead()).as("kept alive").startsWith("HTTP/1.1 200 OK");
        }
    }

    @Test
    void theJdkClientReadsTheChunksPastTheTrailers() throws IOException, InterruptedException {
        try (HostileServer server = HostileServer.start()) {
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create(server.chunkedWithTrailers()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("hello, world");
        }
    }
}
