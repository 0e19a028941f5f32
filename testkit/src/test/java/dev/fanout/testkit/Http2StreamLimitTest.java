package dev.fanout.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.junit.jupiter.api.Test;

/** Each HTTP/2 connection allows the stream limit the builder sets, Jetty's 128 by default, on both ports. */
class Http2StreamLimitTest {

    @Test
    void byDefaultTheServerAnnouncesJettysOwnLimitOf128Streams() throws Exception {
        try (SlowEndpoints server = SlowEndpoints.builder().http2(true).start();
                RawH2 h2c = RawH2.priorKnowledge(server.baseUrl());
                RawH2 h2 = RawH2.alpn(server.httpsBaseUrl(), server.certificatePem())) {
            assertThat(h2c.settings().maxConcurrentStreams()).isEqualTo(128L);
            assertThat(h2.settings().maxConcurrentStreams()).isEqualTo(128L);
        }
        // What the testkit's documentation says of Jetty: true of the Jetty that WireMock brings.
        assertThat(SlowEndpointsBuilder.DEFAULT_HTTP2_MAX_CONCURRENT_STREAMS)
                .isEqualTo(new HTTP2ServerConnectionFactory(new HttpConfiguration()).getMaxConcurrentStreams())
                .isEqualTo(new HTTP2CServerConnectionFactory(new HttpConfiguration()).getMaxConcurrentStreams())
                .isEqualTo(128);
    }

    @Test
    void theLimitSetIsAnnouncedOnBothPorts() throws Exception {
        try (SlowEndpoints server = SlowEndpoints.builder()
                        .http2(true)
                        .http2MaxConcurrentStreams(4)
                        .start();
                RawH2 h2c = RawH2.priorKnowledge(server.baseUrl());
                RawH2 h2 = RawH2.alpn(server.httpsBaseUrl(), server.certificatePem())) {
            assertThat(h2c.settings().maxConcurrentStreams()).isEqualTo(4L);
            assertThat(h2.settings().maxConcurrentStreams()).isEqualTo(4L);
        }
    }

    @Test
    void aLimitAbove128HoldsThatManyRequestsOnOneConnection() throws Exception {
        try (SlowEndpoints server = SlowEndpoints.builder()
                        .http2(true)
                        .http2MaxConcurrentStreams(300)
                        .start();
                RawH2 h2c = RawH2.priorKnowledge(server.baseUrl())) {
            assertThat(h2c.settings().maxConcurrentStreams()).isEqualTo(300L);

            List<RawH2.Answer> answers = h2c.getAll(server.delayed(300, Duration.ofSeconds(3)));

            // None refused, and more than 128 held at once: how many more depends on how fast a
            // busy machine reads 300 streams, so that is all this asserts.
            assertThat(answers).extracting(RawH2.Answer::status).containsOnly(200);
            assertThat(server.peakInFlight())
                    .as("arrivals spread over %d ms", server.arrivalSpread().toMillis())
                    .isGreaterThan(128);
            assertThat(server.connectionsOpened()).isEqualTo(1);
        }
    }

    @Test
    void streamsBeyondTheLimitAreRefusedAndNeverReachTheStubs() throws Exception {
        try (SlowEndpoints server = SlowEndpoints.builder()
                        .http2(true)
                        .http2MaxConcurrentStreams(4)
                        .start();
                RawH2 h2c = RawH2.priorKnowledge(server.baseUrl())) {
            h2c.settings();
            List<String> urls = server.delayed(8, Duration.ofSeconds(2));

            // Eight streams at once on one connection, though the server allows four.
            List<RawH2.Answer> answers = h2c.getAll(urls);

            assertThat(answers.subList(0, 4)).extracting(RawH2.Answer::status).containsOnly(200);
            assertThat(answers.subList(4, 8)).allMatch(RawH2.Answer::refused, "refused (RST_STREAM REFUSED_STREAM)");
            assertThat(server.requestCount()).isEqualTo(4);
            assertThat(server.peakInFlight()).isEqualTo(4);
            assertThat(server.connectionsOpened()).isEqualTo(1);
        }
    }

    @Test
    void aLimitOfNoStreamsIsRejected() {
        assertThatThrownBy(() -> SlowEndpoints.builder().http2MaxConcurrentStreams(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("http2MaxConcurrentStreams: 0 (expected: > 0)");
    }

    @Test
    void aLimitWithoutHttp2IsRejectedAtStart() {
        SlowEndpointsBuilder builder = SlowEndpoints.builder().http2MaxConcurrentStreams(4);

        assertThatThrownBy(builder::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("http2MaxConcurrentStreams(4) needs http2(true): the server speaks HTTP/1.1 only");
    }
}
