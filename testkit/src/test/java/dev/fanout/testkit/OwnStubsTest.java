package dev.fanout.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The testkit's delays and faults on stubs of the test's own API: {@link SlowEndpoints#stub}. */
class OwnStubsTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    private static final String USERS = "/users/[0-9]+";

    @Test
    void aBodyMadeFromThePathIsAnsweredAfterTheDelay(SlowEndpoints server) throws Exception {
        server.stub(
                get(urlPathMatching(USERS)),
                Answer.json(path -> "{\"id\":" + path.substring("/users/".length()) + "}")
                        .delay(Duration.ofMillis(200)));

        HttpResponse<String> response = Http.http1(server).get(server.url("/users/7"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"id\":7}");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("X-Delay-Millis")).hasValue("200");
    }

    @Test
    void delayedStubsAreHeldAtOnceAndCountInThePeak(SlowEndpoints server) {
        server.stub(get(urlPathMatching(USERS)), Answer.json("{}").delay(Duration.ofSeconds(2)));
        List<String> urls = new ArrayList<>();
        for (int id = 0; id < 50; id++) {
            urls.add(server.url("/users/" + id));
        }

        List<HttpResponse<String>> responses = Http.http1(server).getAll(urls);

        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200);
        assertThat(server.requestCounts()).hasSize(50);
        assertThat(server.requestCount()).isEqualTo(50);
        assertThat(server.peakInFlight()).isEqualTo(50);
    }

    @Test
    void randomDelaysStayInTheirBounds(SlowEndpoints server) throws Exception {
        server.stub(get("/uniform"), Answer.text("u").uniformDelay(Duration.ofMillis(10), Duration.ofMillis(60)));
        server.stub(
                get("/lognormal"), Answer.text("l").logNormalDelay(Duration.ofMillis(20), 1.0, Duration.ofMillis(80)));
        Http http = Http.http1(server);

        for (int i = 0; i < 10; i++) {
            assertThat(delayOf(http.get(server.url("/uniform")))).isBetween(10L, 60L);
            assertThat(delayOf(http.get(server.url("/lognormal")))).isBetween(0L, 80L);
        }
    }

    @Test
    void failuresAreTheTestkitsFaults(SlowEndpoints server) throws Exception {
        server.stub(get("/users/13"), Answer.failure(Failure.connectionReset()));
        server.stub(get("/users/14"), Answer.failure(Failure.status(503)));
        Http http = Http.http1(server);

        assertThatThrownBy(() -> http.get(server.url("/users/13"))).isInstanceOf(IOException.class);
        assertThat(http.get(server.url("/users/14")).statusCode()).isEqualTo(503);
    }

    @Test
    void flakyStubsFailNTimesPerPathThenAnswer(SlowEndpoints server) throws Exception {
        server.stub(get(urlPathMatching(USERS)), Answer.json("{}").flaky(2, Failure.status(503)));
        Http http = Http.http1(server);

        List<Integer> first = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            first.add(http.get(server.url("/users/1")).statusCode());
        }
        int other = http.get(server.url("/users/2")).statusCode();

        assertThat(first).containsExactly(503, 503, 200);
        assertThat(other).isEqualTo(503);
    }

    @Test
    void aNeverAnsweringStubHoldsTheRequest(SlowEndpoints server) {
        server.stub(get("/users/15"), Answer.neverAnswers());

        assertThatThrownBy(() -> Http.http1(server).get(server.url("/users/15"), Duration.ofMillis(300)))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void aStatusAndHeadersOfTheTestsOwn(SlowEndpoints server) throws Exception {
        server.stub(
                get("/users/404"),
                Answer.json("{\"error\":\"no such user\"}").withStatus(404).withHeader("X-Trace", "t1"));

        HttpResponse<String> response = Http.http1(server).get(server.url("/users/404"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("X-Trace")).hasValue("t1");
        assertThat(response.body()).isEqualTo("{\"error\":\"no such user\"}");
    }

    @Test
    void theLatestStubWinsWhereTwoMatch(SlowEndpoints server) throws Exception {
        server.stub(get(urlPathMatching(USERS)), Answer.json("{\"any\":true}"));
        server.stub(get("/users/3"), Answer.json("{\"three\":true}"));
        Http http = Http.http1(server);

        assertThat(http.get(server.url("/users/3")).body()).isEqualTo("{\"three\":true}");
        assertThat(http.get(server.url("/users/4")).body()).isEqualTo("{\"any\":true}");
    }

    @Test
    void resetRemovesTheStubs(SlowEndpoints server) throws Exception {
        server.stub(get("/users/5"), Answer.json("{}"));

        server.reset();

        assertThat(Http.http1(server).get(server.url("/users/5")).statusCode()).isEqualTo(404);
    }

    @Test
    void badArgumentsAreRefusedWithWhatWasExpected() {
        Answer answer = Answer.json("{}");

        assertThatThrownBy(() -> answer.delay(Duration.ofMillis(-1))).hasMessage("delay: PT-0.001S (expected: >= 0)");
        assertThatThrownBy(() -> answer.uniformDelay(Duration.ofMillis(5), Duration.ofMillis(1)))
                .hasMessage("max: PT0.001S (expected: >= min PT0.005S)");
        assertThatThrownBy(() -> answer.logNormalDelay(Duration.ofMillis(5), -1, Duration.ofMillis(9)))
                .hasMessage("sigma: -1.0 (expected: 0..10)");
        assertThatThrownBy(() -> answer.slowBody(0, Duration.ofSeconds(1))).hasMessage("chunks: 0 (expected: > 0)");
        assertThatThrownBy(() -> answer.flaky(-1, Failure.status(503))).hasMessage("failures: -1 (expected: >= 0)");
        assertThatThrownBy(() -> answer.withStatus(99)).hasMessage("status: 99 (expected: 100..999)");
    }

    private static long delayOf(HttpResponse<String> response) {
        return Long.parseLong(response.headers().firstValue("X-Delay-Millis").orElse("0"));
    }
}
