package dev.fanout.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.loop.testing.Await;
import io.netty.handler.codec.http2.Http2Error;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The hostile server over h2c with prior knowledge: GOAWAY, RST_STREAM, a stalled body, a stalled window. */
class HostileH2Test {

    @Test
    void okIsAnsweredOverH2cAndHttp11UrlsAre404There() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawH2 h2 = RawH2.priorKnowledge(server.baseUrl())) {
            assertThat(h2.get(server.ok()).get(10, TimeUnit.SECONDS)).isEqualTo(new RawH2.Answer(200, "ok", -1));
            assertThat(h2.get(server.silence()).get(10, TimeUnit.SECONDS).status())
                    .isEqualTo(404);
            assertThat(server.requestsRead()).isEqualTo(2);
            assertThat(server.connectionsAccepted()).isEqualTo(1);
        }
    }

    @Test
    void goAwayAfterStreamsAnswersNStreamsThenSendsGoAwayNamingTheLastOfThem() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawH2 h2 = RawH2.priorKnowledge(server.baseUrl())) {
            String url = server.h2GoAwayAfterStreams(2);
            assertThat(h2.get(url).get(10, TimeUnit.SECONDS).status()).isEqualTo(200); // stream 1
            assertThat(h2.get(url).get(10, TimeUnit.SECONDS).status()).isEqualTo(200); // stream 3
            h2.get(url); // stream 5

            RawH2.GoAway goAway = h2.goAway().get(10, TimeUnit.SECONDS);
            assertThat(goAway).isEqualTo(new RawH2.GoAway(3, Http2Error.NO_ERROR.code(), "enough streams"));
            assertThat(server.requestsRead()).isEqualTo(3);
        }
    }

    @Test
    void resetStreamResetsWithTheCodeAsked() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawH2 h2 = RawH2.priorKnowledge(server.baseUrl())) {
            long code = Http2Error.ENHANCE_YOUR_CALM.code();

            assertThat(h2.get(server.h2ResetStream(code)).get(10, TimeUnit.SECONDS))
                    .isEqualTo(new RawH2.Answer(0, "", code));
            assertThat(h2.get(server.ok()).get(10, TimeUnit.SECONDS).status())
                    .as("the connection lives on")
                    .isEqualTo(200);
        }
    }

    @Test
    void stallBodySendsHalfItsLengthThenNothingWhileTheConnectionLivesOn() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawH2 h2 = RawH2.priorKnowledge(server.baseUrl())) {
            RawH2.Exchange stalled = h2.open(server.h2StallBody(1_000), 0);

            assertThat(stalled.status().get(10, TimeUnit.SECONDS)).isEqualTo(200);
            Await.until("1,000 bytes of DATA", () -> stalled.bodyBytes().getAsLong() == 1_000);
            // A stream opened after it is answered whole: everything the server had for the
            // stalled one came before, and the stalled one has not ended.
            assertThat(h2.get(server.ok()).get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(stalled.bodyBytes().getAsLong()).isEqualTo(1_000);
            assertThat(stalled.answer()).isNotDone();
        }
    }

    @Test
    void stallWindowNeverGivesBackTheWindowOfItsRequestBody() throws Exception {
        // 40,000 bytes: within the server's first window (65,535 bytes), and over half of it,
        // past which a server that reads gives the window back.
        try (HostileServer server = HostileServer.start();
                RawH2 h2 = RawH2.priorKnowledge(server.baseUrl())) {
            RawH2.Exchange stalled = h2.open(server.h2StallWindow(), 40_000); // stream 1
            // Frames are read in order: once stream 3 is answered, stream 1's DATA has been read,
            // and a WINDOW_UPDATE for it would have been written before that answer.
            assertThat(h2.get(server.ok()).get(10, TimeUnit.SECONDS).status()).isEqualTo(200);

            assertThat(h2.windowUpdated())
                    .as("nothing for stream 1, nor for the connection")
                    .isEmpty();
            assertThat(stalled.status()).isNotDone();
        }
        // The same body to a URL that reads: the window comes back, the stream's and the connection's.
        try (HostileServer server = HostileServer.start();
                RawH2 h2 = RawH2.priorKnowledge(server.baseUrl())) {
            h2.open(server.ok(), 40_000);

            assertThat(h2.windowUpdate(1).get(10, TimeUnit.SECONDS)).isPositive();
            assertThat(h2.windowUpdate(0).get(10, TimeUnit.SECONDS)).isPositive();
        }
    }
}
