package dev.fanout.testkit;

import static dev.fanout.testkit.RawHttp.filler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The hostile server's lying Content-Length: short, long, duplicated, negative. */
class HostileContentLengthTest {

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n";

    @Test
    void shortSendsFewerBytesThanItSaysThenCloses() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawHttp raw = RawHttp.get(server.contentLengthShort(100, 10))) {
            assertThat(raw.readToEnd()).isEqualTo(OK + "Content-Length: 100\r\n\r\n" + filler(10));
        }
    }

    @Test
    void longSendsMoreBytesThanItSaysBeforeTheNextResponseOnTheSameConnection() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawHttp raw = RawHttp.get(server.contentLengthLong(5, 12))) {
            String lying = OK + "Content-Length: 5\r\n\r\n" + filler(12);
            String next = OK + "Content-Length: 2\r\n\r\nok";

            assertThat(raw.readExactly(lying.length())).isEqualTo(lying);
            raw.send(server.ok());
            assertThat(raw.readExactly(next.length())).isEqualTo(next);
            assertThat(server.connectionsAccepted()).isEqualTo(1);
        }
    }

    @Test
    void duplicatedSaysTwoLengthsAndSendsTheLarger() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawHttp raw = RawHttp.get(server.duplicateContentLength(5, 6))) {
            assertThat(raw.readToEnd()).isEqualTo(OK + "Content-Length: 5\r\nContent-Length: 6\r\n\r\n" + filler(6));
        }
    }

    @Test
    void negativeSaysMinusOneThenSendsHelloAndCloses() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawHttp raw = RawHttp.get(server.negativeContentLength())) {
            assertThat(raw.readToEnd()).isEqualTo(OK + "Content-Length: -1\r\n\r\nhello");
        }
    }

    @Test
    void lengthsThatDoNotLieAreRefusedWithAMessage() {
        try (HostileServer server = HostileServer.start()) {
            assertThatThrownBy(() -> server.contentLengthShort(10, 10))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("sent: 10 (expected: < 10)");
            assertThatThrownBy(() -> server.contentLengthLong(10, 10))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("declared: 10 (expected: < 10)");
            assertThatThrownBy(() -> server.duplicateContentLength(3, 3))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("second: 3 (expected: other than first, 3)");
        }
    }
}
