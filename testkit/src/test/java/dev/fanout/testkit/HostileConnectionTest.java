package dev.fanout.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.loop.testing.Await;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The hostile server's connections: silence, idle keep-alive closed, a request limit, counts. */
class HostileConnectionTest {

    private static final String OK_RESPONSE =
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok";

    @Test
    void silenceReadsTheRequestAndNeverAnswers() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawHttp raw = RawHttp.get(server.silence())) {
            Await.until("the request read", () -> server.requestsRead() == 1);

            assertThat(raw.staysSilentFor(300)).as("no byte, connection open").isTrue();
            assertThat(server.openConnections()).isEqualTo(1);
        }
    }

    @Test
    void closeWhenIdleAnswersThenClosesTheIdleConnection() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawHttp raw = RawHttp.get(server.closeWhenIdle(Duration.ofMillis(100)))) {
            assertThat(raw.readExactly(OK_RESPONSE.length())).isEqualTo(OK_RESPONSE);

            assertThat(raw.readToEnd()).as("a FIN once idle").isEmpty();
            Await.until("the connection closed", () -> server.openConnections() == 0);
        }
    }

    @Test
    void closeWhenIdleKeepsAConnectionInUseOpen() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawHttp raw = RawHttp.get(server.closeWhenIdle(Duration.ofSeconds(30)))) {
            assertThat(raw.readExactly(OK_RESPONSE.length())).isEqualTo(OK_RESPONSE);
            raw.send(server.ok());

            assertThat(raw.readExactly(OK_RESPONSE.length())).isEqualTo(OK_RESPONSE);
            assertThat(raw.staysSilentFor(100)).isTrue();
        }
    }

    @Test
    void closeAfterRequestsReadsTheNextRequestAndClosesWithoutAByte() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawHttp raw = RawHttp.get(server.closeAfterRequests(2))) {
            assertThat(raw.readExactly(OK_RESPONSE.length())).isEqualTo(OK_RESPONSE);
            raw.send(server.ok());
            assertThat(raw.readExactly(OK_RESPONSE.length())).isEqualTo(OK_RESPONSE);
            raw.send(server.ok());

            assertThat(raw.readToEnd()).as("the third request met with a close").isEmpty();
            assertThat(server.requestsRead()).isEqualTo(3);
            assertThat(server.connectionsAccepted()).isEqualTo(1);
        }
    }

    @Test
    void countsConnectionsAndRequestsAndSkipsRequestBodies() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawHttp first = RawHttp.connect(server.baseUrl());
                RawHttp second = RawHttp.connect(server.baseUrl())) {
            String body = "GET /ok/1 HTTP/1.1\r\nHost: x\r\n\r\n"; // a body that looks like a request
            String path = server.ok().substring(server.baseUrl().length());
            first.sendRaw(
                    "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            first.send(server.ok());
            second.send(server.ok());

            assertThat(first.readExactly(2 * OK_RESPONSE.length())).isEqualTo(OK_RESPONSE + OK_RESPONSE);
            assertThat(second.readExactly(OK_RESPONSE.length())).isEqualTo(OK_RESPONSE);
            assertThat(server.requestsRead()).isEqualTo(3);
            assertThat(server.connectionsAccepted()).isEqualTo(2);
            assertThat(server.openConnections()).isEqualTo(2);
        }
    }

    @Test
    void unknownPathsAreAnswered404() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawHttp raw = RawHttp.get(server.url("/no-such-behaviour"))) {
            assertThat(raw.readHead()).isEqualTo("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        }
    }
}
