package dev.fanout.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.testkit.HostileServer.Then;
import java.io.ByteArrayOutputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** raw(): any bytes of the test's own, then a keep-alive, a close, a reset or silence. */
class HostileRawTest {

    private static final String BAD_CHUNK = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n";

    @Test
    void rawSendsExactlyTheBytesThenCloses() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawHttp raw = RawHttp.get(server.raw(BAD_CHUNK, Then.CLOSE))) {
            assertThat(raw.readToEnd()).isEqualTo(BAD_CHUNK);
        }
    }

    @Test
    void rawSendsEveryByteValue() throws Exception {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        try (HostileServer server = HostileServer.start();
                RawHttp raw = RawHttp.get(server.raw(all, Then.CLOSE))) {
            assertThat(raw.in().readAllBytes()).isEqualTo(all);
        }
    }

    @Test
    void rawThenKeepAliveReadsTheNextRequest() throws Exception {
        String response = "HTTP/1.1 204 No Content\r\nX-Mine: 1\r\n\r\n";
        try (HostileServer server = HostileServer.start();
                RawHttp raw = RawHttp.get(server.raw(response, Then.KEEP_ALIVE))) {
            assertThat(raw.readHead()).isEqualTo(response);
            raw.send(server.ok());
            assertThat(raw.readHead()).startsWith("HTTP/1.1 200 OK\r\n");
        }
    }

    @Test
    void rawThenResetEndsInATcpReset() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawHttp raw =
                        RawHttp.get(server.raw("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf", Then.RESET))) {
            ByteArrayOutputStream received = new ByteArrayOutputStream();

            assertThatThrownBy(() -> raw.in().transferTo(received))
                    .isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
            assertThat("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf")
                    .startsWith(received.toString(StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void rawThenSilenceSendsNothingMoreAndKeepsTheConnection() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawHttp raw = RawHttp.get(server.raw("HTTP/1.1 200 OK\r\n", Then.SILENCE))) {
            assertThat(raw.readExactly("HTTP/1.1 200 OK\r\n".length())).isEqualTo("HTTP/1.1 200 OK\r\n");
            assertThat(raw.staysSilentFor(300)).isTrue();
        }
    }

    @Test
    void rawRefusesWhatItCannotCarry() {
        try (HostileServer server = HostileServer.start()) {
            assertThatThrownBy(() -> server.raw(new byte[HostileServer.MAX_RAW_BYTES + 1], Then.CLOSE))
                    .hasMessage("response: 16385 bytes (expected: at most 16384)");
            assertThatThrownBy(() -> server.raw("caf\u00e9 \u20ac", Then.CLOSE))
                    .hasMessage("response: char 8364 at 5 (expected: ISO-8859-1, below 256)");
        }
    }

    @Test
    void aRawUrlWhoseBytesAreNotBase64IsABadRequest() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawHttp raw = RawHttp.get(server.url("/raw/1/mine?b=*not*base64*"))) {
            assertThat(raw.readToEnd()).isEqualTo("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        }
    }
}
