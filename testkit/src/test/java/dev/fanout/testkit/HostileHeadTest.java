package dev.fanout.testkit;

import static dev.fanout.testkit.RawHttp.filler;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The hostile server's broken heads: garbage, a bad status line, endless headers, 1xx, HTTP/1.0. */
class HostileHeadTest {

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n";

    @Test
    void garbageStatusLineIsBinaryBytesThenAClose() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawHttp raw = RawHttp.get(server.garbageStatusLine())) {
            assertThat(raw.readToEnd()).isEqualTo("\u0000\u00ff\u00fe SSH-2.0-not-http \u0007\r\n\r\n");
            assertThat(server.requestsRead()).isEqualTo(1);
        }
    }

    @Test
    void invalidStatusLineHasNoNumberForAStatusThenACloses() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawHttp raw = RawHttp.get(server.invalidStatusLine())) {
            assertThat(raw.readToEnd()).isEqualTo("HTTP/1.1 2x0 OK\r\nContent-Length: 2\r\n\r\nok");
        }
    }

    @Test
    void endlessHeadersSendLinesUpToTheCapAndNeverTheBlankLine() throws Exception {
        int cap = 100_000;
        int expected = 0;
        for (int i = 0; ; i++) {
            int line = ("X-Endless-" + i + ": ").length() + 64 + 2;
            if (expected + line > cap) {
                break;
            }
            expected += line;
        }
        try (HostileServer server = HostileServer.start();
                RawHttp raw = RawHttp.get(server.endlessHeaders(cap))) {
            String head = raw.readExactly("HTTP/1.1 200 OK\r\n".length() + expected);

            assertThat(head).startsWith("HTTP/1.1 200 OK\r\nX-Endless-0: aaaa").doesNotContain("\r\n\r\n");
            assertThat(head.split("\r\n")).hasSizeGreaterThan(1_000);
            assertThat(raw.staysSilentFor(300))
                    .as("silent after the cap, connection open")
                    .isTrue();
        }
    }

    @Test
    void interimResponsesComeBeforeTheRealOne() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawHttp raw = RawHttp.get(server.interimResponses())) {
            String interim = "HTTP/1.1 100 Continue\r\n\r\n"
                    + "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload; as=style\r\n\r\n";
            String real = OK + "Content-Length: 2\r\n\r\nok";

            assertThat(raw.readExactly(interim.length() + real.length())).isEqualTo(interim + real);
            assertThat(raw.staysSilentFor(100)).as("kept alive").isTrue();
        }
    }

    @Test
    void interimResponsesMayBeChosen() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawHttp raw = RawHttp.get(server.interimResponses(102, 102, 103))) {
            assertThat(raw.readHead()).isEqualTo("HTTP/1.1 102 Interim\r\n\r\n");
            assertThat(raw.readHead()).isEqualTo("HTTP/1.1 102 Interim\r\n\r\n");
            assertThat(raw.readHead()).startsWith("HTTP/1.1 103 Early Hints\r\n");
            assertThat(raw.readHead()).startsWith("HTTP/1.1 200 OK\r\n");
        }
    }

    @Test
    void http10BodyEndsAtTheClose() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawHttp raw = RawHttp.get(server.http10BodyUntilClose(1_000))) {
            assertThat(raw.readToEnd())
                    .isEqualTo("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n" + filler(1_000));
        }
    }

    @Test
    void theJdkClientReadsAnHttp10BodyToTheClose() throws Exception {
        try (HostileServer server = HostileServer.start()) {
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create(server.http10BodyUntilClose(100)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(filler(100));
        }
    }
}
