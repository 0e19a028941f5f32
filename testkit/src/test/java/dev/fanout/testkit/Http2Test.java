package dev.fanout.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With {@code http2(true)} the server speaks h2 over TLS, chosen by ALPN, and h2c on its plain port. */
class Http2Test {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints =
            SlowEndpointsExtension.create(SlowEndpoints.builder().http2(true));

    @Test
    void theJdkClientIsAnsweredOverH2OnTheHttpsPort(SlowEndpoints server) throws Exception {
        String url = server.https(server.delayed(Duration.ofMillis(50)));

        HttpResponse<String> response =
                Http.with(server.sslContext(), HttpClient.Version.HTTP_2).get(url);

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(URI.create(url).getPath());
    }

    @Test
    void alpnChoosesH2AndTheAnswerComesOverIt(SlowEndpoints server) throws Exception {
        String url = server.https(server.delayed(Duration.ofMillis(50)));

        try (RawH2 h2 = RawH2.alpn(url, server.certificatePem())) {
            RawH2.Answer answer = h2.get(url).join();

            assertThat(h2.protocol()).isEqualTo("h2");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo(URI.create(url).getPath());
        }
    }

    @Test
    void h2cWithPriorKnowledgeIsAnsweredOnThePlainPort(SlowEndpoints server) throws Exception {
        String url = server.delayed(Duration.ofMillis(50));

        try (RawH2 h2c = RawH2.priorKnowledge(url)) {
            RawH2.Answer answer = h2c.get(url).join();

            assertThat(h2c.settings()).isNotNull();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo(URI.create(url).getPath());
        }
    }

    @Test
    void theJdkClientUpgradesToH2cOnThePlainPort(SlowEndpoints server) throws Exception {
        String url = server.delayed(Duration.ofMillis(50));

        HttpResponse<String> response =
                Http.with(server.sslContext(), HttpClient.Version.HTTP_2).get(url);

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.body()).isEqualTo(URI.create(url).getPath());
    }

    @Test
    void withoutHttp2ThePlainPortDoesNotSpeakH2c() throws Exception {
        try (SlowEndpoints http1 = SlowEndpoints.start();
                RawH2 h2c = RawH2.priorKnowledge(http1.baseUrl())) {
            assertThatThrownBy(h2c::settings).hasStackTraceContaining("Http2Exception");
        }
    }
}
