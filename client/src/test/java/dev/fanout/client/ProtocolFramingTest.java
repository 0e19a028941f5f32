package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How response bodies are framed (RFC 9112 §6.3), and framing that is rejected as PROTOCOL. */
class ProtocolFramingTest {

    private FanoutClient client;
    private RawServer server;

    @BeforeEach
    void start() {
        client = FanoutClient.builder().requestTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        if (server != null) {
            server.close();
        }
    }

    private Result fetchFrom(RawServer.Handler handler) throws IOException {
        server = new RawServer(handler);
        return client.fetchAll(List.of(server.url("/"))).get(0);
    }

    @Test
    void aContentLengthBodyEndsAfterThatManyBytes() throws IOException {
        Result r = fetchFrom(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
            c.readRequest(); // keep the connection open: the length alone must end the body
        });
        assertThat(r.bodyAsString()).isEqualTo("hello");
    }

    @Test
    void aChunkedBodyIsJoined() throws IOException {
        Result r = fetchFrom(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
            c.readRequest();
        });
        assertThat(r.bodyAsString()).isEqualTo("hello world");
    }

    @Test
    void anHttp10BodyWithoutLengthEndsAtTheClose() throws IOException {
        Result r = fetchFrom(c -> {
            c.readRequest();
            c.write("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end");
        });
        assertThat(r.bodyAsString()).isEqualTo("until the end");
        assertThat(r.response().protocol()).isEqualTo("HTTP/1.0");
    }

    @Test
    void connectionCloseEndsTheConnectionAfterTheBody() throws IOException {
        server = new RawServer(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
        });
        List<Result> first = client.fetchAll(List.of(server.url("/a")));
        List<Result> second = client.fetchAll(List.of(server.url("/b")));
        assertThat(first.get(0).bodyAsString()).isEqualTo("ok");
        assertThat(second.get(0).bodyAsString()).isEqualTo("ok");
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void interimResponsesAreSkipped() throws IOException {
        Result r = fetchFrom(c -> {
            c.readRequest();
            c.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
                    + RawServer.ok("final"));
            c.readRequest();
        });
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyAsString()).isEqualTo("final");
    }

    @Test
    void headAnd204And304HaveNoBodyAndTheConnectionIsReused() throws IOException {
        server = new RawServer(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"); // HEAD: the length of what GET would send
            c.readRequest();
            c.write("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n");
            c.readRequest();
            c.write("HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n");
            c.readRequest();
            c.write(RawServer.ok("after"));
            c.readRequest();
        });
        Result head = client.sendAll(
                        List.of(Request.builder(server.url("/")).method("HEAD").build()))
                .get(0);
        Result noContent = client.fetchAll(List.of(server.url("/204"))).get(0);
        Result notModified = client.fetchAll(List.of(server.url("/304"))).get(0);
        Result after = client.fetchAll(List.of(server.url("/after"))).get(0);

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.response().body()).isEmpty();
        assertThat(head.response().header("Content-Length")).isEqualTo("1000");
        assertThat(noContent.status()).isEqualTo(204);
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(after.bodyAsString()).isEqualTo("after");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void transferEncodingWithContentLengthIsAProtocolError() throws IOException {
        Result r = fetchFrom(c -> {
            c.readRequest();
            c.write(
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
            c.readRequest();
        });
        assertThat(r.error().kind()).isEqualTo(ErrorKind.PROTOCOL);
        assertThat(r.error().getMessage()).contains("Transfer-Encoding and Content-Length");
    }

    @Test
    void conflictingContentLengthsAreAProtocolError() throws IOException {
        Result r = fetchFrom(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!");
            c.readRequest();
        });
        assertThat(r.error().kind()).isEqualTo(ErrorKind.PROTOCOL);
    }

    @Test
    void anInvalidContentLengthIsAProtocolError() throws IOException {
        Result r = fetchFrom(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: five\r\n\r\nhello");
            c.readRequest();
        });
        assertThat(r.error().kind()).isEqualTo(ErrorKind.PROTOCOL);
    }

    @Test
    void aTransferCodingOtherThanChunkedIsAProtocolError() throws IOException {
        Result r = fetchFrom(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nxxxx");
        });
        assertThat(r.error().kind()).isEqualTo(ErrorKind.PROTOCOL);
    }

    @Test
    void garbageInsteadOfAStatusLineIsAProtocolError() throws IOException {
        Result r = fetchFrom(c -> {
            c.readRequest();
            c.write("GARBAGE\r\n\r\n");
        });
        assertThat(r.error().kind()).isEqualTo(ErrorKind.PROTOCOL);
    }

    @Test
    void aMalformedChunkIsAProtocolError() throws IOException {
        Result r = fetchFrom(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n");
            c.readRequest();
        });
        assertThat(r.error().kind()).isEqualTo(ErrorKind.PROTOCOL);
    }

    @Test
    void headersOfAMegabyteAreAProtocolError() throws IOException {
        Result r = fetchFrom(c -> {
            c.readRequest();
            StringBuilder s = new StringBuilder("HTTP/1.1 200 OK\r\n");
            for (int i = 0; i < 1024; i++) {
                s.append("X-Filler-")
                        .append(i)
                        .append(": ")
                        .append("x".repeat(1000))
                        .append("\r\n");
            }
            c.write(s.append("Content-Length: 0\r\n\r\n").toString());
            c.readRequest();
        });
        assertThat(r.error().kind()).isEqualTo(ErrorKind.PROTOCOL);
    }

    @Test
    void aResetMidBodyIsClosed() throws IOException {
        Result r = fetchFrom(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part");
            c.reset();
        });
        // It ended TIMEOUT now and then on io_uring, before Transport turned Netty's multishot
        // POLL_ADD off; ResetSoakTest repeats the case on demand. The message says what a TIMEOUT waited for.
        assertThat(r.error().kind()).as(r.error().getMessage()).isEqualTo(ErrorKind.CLOSED);
    }

    @Test
    void aCloseMidBodyIsClosed() throws IOException {
        Result r = fetchFrom(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
        });
        assertThat(r.error().kind()).isEqualTo(ErrorKind.CLOSED);
        assertThat(r.error().getMessage()).contains("closed before the response ended");
    }

    @Test
    void aCloseInsideAChunkIsClosedNotProtocol() throws IOException {
        Result r = fetchFrom(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nonly the sta");
        });
        assertThat(r.error().kind()).isEqualTo(ErrorKind.CLOSED);
    }

    @Test
    void garbageWhereAChunkSizeBelongsThenACloseIsAProtocolError() throws IOException {
        Result r = fetchFrom(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nlskdu018973t09s][]'./");
        });
        assertThat(r.error().kind()).isEqualTo(ErrorKind.PROTOCOL);
    }

    @Test
    void anEmptyResponseIsClosed() throws IOException {
        Result r = fetchFrom(c -> c.readRequest());
        assertThat(r.error().kind()).isEqualTo(ErrorKind.CLOSED);
    }

    @Test
    void anUnexpectedSwitchingProtocolsIsAProtocolError() throws IOException {
        Result r = fetchFrom(c -> {
            c.readRequest();
            c.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n");
            c.readRequest();
        });
        assertThat(r.error().kind()).isEqualTo(ErrorKind.PROTOCOL);
    }
}
