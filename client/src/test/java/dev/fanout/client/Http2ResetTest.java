package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http2.Http2Error;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * RST_STREAM from the server ends only its stream: a result that names the code, the
 * connection kept for the others; REFUSED_STREAM (the server did not process it) is sent again.
 */
class Http2ResetTest {

    private static FanoutClient http2Client() {
        return FanoutClient.builder().httpVersion(HttpVersion.HTTP_2).build();
    }

    private static Result resetBesideTwoGoodOnes(H2Server server, FanoutClient client, Http2Error code) {
        List<Result> results = client.fetchAll(List.of(
                server.url("/ok?delay=100"), server.url("/reset?code=" + code.code()), server.url("/ok?delay=100")));
        assertThat(results.get(0).ok()).as("%s", results.get(0)).isTrue();
        assertThat(results.get(2).ok()).as("%s", results.get(2)).isTrue();
        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.streams()).as("the reset request sent once").isEqualTo(3);
        return results.get(1);
    }

    @Test
    void aCancelResetIsClosedNamingTheCode() {
        try (H2Server server = H2Server.start();
                FanoutClient client = http2Client()) {
            Result r = resetBesideTwoGoodOnes(server, client, Http2Error.CANCEL);

            assertThat(r.error().kind()).isEqualTo(ErrorKind.CLOSED);
            assertThat(r.error().getMessage()).contains("RST_STREAM CANCEL");
            assertThat(r.attempts()).isEqualTo(1);
        }
    }

    @Test
    void aProtocolErrorResetNamesTheCode() {
        try (H2Server server = H2Server.start();
                FanoutClient client = http2Client()) {
            Result r = resetBesideTwoGoodOnes(server, client, Http2Error.PROTOCOL_ERROR);

            assertThat(r.error().kind()).isIn(ErrorKind.CLOSED, ErrorKind.PROTOCOL);
            assertThat(r.error().getMessage()).contains("RST_STREAM PROTOCOL_ERROR");
            assertThat(r.attempts()).isEqualTo(1);
        }
    }

    @Test
    void refusedStreamsAreSentAgainWhateverTheirMethod() {
        Set<String> refused = new HashSet<>();
        try (H2Server server = H2Server.start(e -> {
                    if (refused.add(e.path())) {
                        e.reset(Http2Error.REFUSED_STREAM);
                    } else {
                        e.respond(200, 2);
                    }
                });
                FanoutClient client = http2Client()) {
            List<Result> results =
                    client.sendAll(List.of(Request.get(server.url("/a")), Request.post(server.url("/b"), "body")));

            assertThat(results).allSatisfy(r -> {
                assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue();
                assertThat(r.attempts()).isEqualTo(2);
            });
            assertThat(server.streams()).isEqualTo(4);
        }
    }

    @Test
    void aResetMidBodyIsClosedNamingTheCodeAndIsNotSentAgain() {
        try (H2Server server = H2Server.start(e -> {
                    if (e.route().equals("/partly")) {
                        e.respondPartlyThenReset(200, 1000, Http2Error.INTERNAL_ERROR);
                    } else {
                        H2Server.byPath(e);
                    }
                });
                FanoutClient client = http2Client()) {
            List<Result> results = client.fetchAll(
                    List.of(server.url("/ok?delay=100"), server.url("/partly"), server.url("/ok?delay=100")));

            Result r = results.get(1);
            assertThat(r.error()).as("%s", r).isNotNull();
            assertThat(r.error().kind()).isEqualTo(ErrorKind.CLOSED);
            assertThat(r.error().getMessage()).contains("RST_STREAM INTERNAL_ERROR");
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(results.get(0).ok()).isTrue();
            assertThat(results.get(2).ok()).isTrue();
            assertThat(server.connections()).isEqualTo(1);
        }
    }
}
