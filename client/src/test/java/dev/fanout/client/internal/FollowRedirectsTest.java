package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.client.ErrorKind;
import dev.fanout.client.FetchException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redirects are followed hop by hop: each next hop waits for a slot (the call is readmitted),
 * then the inner step runs again for it; what is not followed is the response itself. A
 * scripted inner step stands for the attempts, so no socket is needed.
 */
class FollowRedirectsTest {

    private static final byte[] BODY = "{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8);

    private final ScriptedStep attempts = new ScriptedStep();
    private final FakeCallContext call = FakeCallContext.waitingForSlots();
    private final RecordingOutcome outcome = new RecordingOutcome();

    /** A client configuration as its builder makes one (the defaults, but for the redirect options); the step reads only the redirect options. */
    private static ClientConfig config(int maxRedirects, boolean allowHttpsToHttpRedirects) {
        ConfigDraft draft = new ConfigDraft();
        draft.maxRedirects = maxRedirects;
        draft.allowHttpsToHttpRedirects = allowHttpsToHttpRedirects;
        draft.userAgent = "fanout-test";
        return draft.config(() -> null);
    }

    private static ExchangeSpec request(String method, String url) {
        return new ExchangeSpec(
                Target.parse(url),
                method,
                List.of("Content-Type", "application/json"),
                method.equals("GET") ? null : BODY,
                Duration.ofSeconds(30).toNanos());
    }

    private Step.Run start(int maxRedirects, ExchangeSpec spec) {
        return new FollowRedirects(attempts, config(maxRedirects, false)).start(call, spec, false, outcome);
    }

    @ParameterizedTest
    @ValueSource(ints = {302, 303})
    void aPostRedirectedBy302Or303IsFollowedWithAGetWithoutBodyOnceTheCallHasASlotAgain(int status) {
        start(5, request("POST", "http://api.example/orders"));

        attempts.run(0).respond(status, "Location", "/orders/7");

        assertThat(outcome.reports()).isEmpty();
        assertThat(call.readmitted()).hasSize(1);
        ExchangeSpec next = call.readmitted().get(0);
        assertThat(next.method()).isEqualTo("GET");
        assertThat(next.url()).isEqualTo("http://api.example/orders/7");
        assertThat(next.body()).isNull();
        assertThat(next.headerPairs()).isEmpty(); // Content-Type went with the body
        assertThat(attempts.runs()).hasSize(1); // not before the slot

        call.admit();

        assertThat(attempts.runs()).hasSize(2);
        assertThat(attempts.run(1).spec).isSameAs(next);
        assertThat(attempts.run(1).freshConnection).isFalse();
        ResponseData answer = attempts.run(1).respond(200);
        assertThat(outcome.reports()).containsExactly(answer);
    }

    @Test
    void aPostRedirectedBy307KeepsItsMethodAndBody() {
        start(5, request("POST", "http://api.example/orders"));

        attempts.run(0).respond(307, "Location", "http://other.example/orders");

        ExchangeSpec next = call.readmitted().get(0);
        assertThat(next.method()).isEqualTo("POST");
        assertThat(next.body()).isSameAs(BODY);
        assertThat(next.headerPairs()).containsExactly("Content-Type", "application/json");
        assertThat(next.target().origin()).isEqualTo(new Origin("http", "other.example", 80));
        call.admit();
        assertThat(attempts.run(1).spec.method()).isEqualTo("POST");
    }

    @Test
    void moreHopsThanMaxRedirectsEndTheCallAsTooManyRedirects() {
        start(2, request("GET", "http://api.example/0"));

        attempts.run(0).respond(302, "Location", "/1");
        call.admit();
        attempts.run(1).respond(302, "Location", "/2");
        call.admit();
        attempts.run(2).respond(302, "Location", "/3");

        assertThat(call.readmitted())
                .extracting(ExchangeSpec::url)
                .containsExactly("http://api.example/1", "http://api.example/2");
        assertThat(call.isWaiting()).isFalse();
        assertThat(attempts.runs()).hasSize(3);
        assertThat(outcome.reports()).singleElement().isInstanceOf(Outcome.Failure.class);
        Outcome.Failure failure = (Outcome.Failure) outcome.reports().get(0);
        assertThat(failure.staleConnection()).isFalse();
        assertThat(failure.error().kind()).isEqualTo(ErrorKind.TOO_MANY_REDIRECTS);
        assertThat(failure.error().url()).isEqualTo("http://api.example/2");
        assertThat(failure.error().getMessage())
                .isEqualTo("TOO_MANY_REDIRECTS http://api.example/2: more than 2 redirects (last: 302 to "
                        + "http://api.example/3)");
    }

    @Test
    void exactlyMaxRedirectsHopsAreFollowed() {
        start(2, request("GET", "http://api.example/0"));

        attempts.run(0).respond(301, "Location", "/1");
        call.admit();
        attempts.run(1).respond(308, "Location", "/2");
        call.admit();
        ResponseData answer = attempts.run(2).respond(200);

        assertThat(outcome.reports()).containsExactly(answer);
    }

    @Test
    void withMaxRedirectsZeroTheRedirectIsTheResponse() {
        start(0, request("GET", "http://api.example/0"));

        ResponseData redirect = attempts.run(0).respond(302, "Location", "/1");

        assertThat(outcome.reports()).containsExactly(redirect);
        assertThat(call.readmitted()).isEmpty();
    }

    @Test
    void aHopFromHttpsToHttpIsTheResponseUnlessTheClientAllowsIt() {
        start(5, request("GET", "https://api.example/0"));

        ResponseData redirect = attempts.run(0).respond(302, "Location", "http://api.example/1");

        assertThat(outcome.reports()).containsExactly(redirect);
        assertThat(call.readmitted()).isEmpty();

        FakeCallContext allowing = FakeCallContext.waitingForSlots();
        new FollowRedirects(attempts, config(5, true))
                .start(allowing, request("GET", "https://api.example/0"), false, new RecordingOutcome());
        attempts.run(1).respond(302, "Location", "http://api.example/1");

        assertThat(allowing.readmitted()).extracting(ExchangeSpec::url).containsExactly("http://api.example/1");
    }

    @Test
    void aFailureIsPassedOnAndNotFollowed() {
        start(5, request("GET", "http://api.example/0"));

        FetchException error = attempts.run(0).fail(ErrorKind.CONNECT, false);

        assertThat(outcome.reports()).containsExactly(new Outcome.Failure(error, false));
        assertThat(call.readmitted()).isEmpty();
    }

    @Test
    void aCancelAndThePhaseReachTheHopUnderWayAndSayWaitingForASlotInBetween() {
        Step.Run run = start(5, request("GET", "http://api.example/0"));
        attempts.run(0).phase = "while waiting for the response";

        assertThat(run.phase()).isEqualTo("while waiting for the response");

        attempts.run(0).respond(302, "Location", "/1");

        assertThat(run.phase()).isEqualTo("while waiting for a slot after a redirect");
        run.cancel(); // nothing under way: the call ends it by itself
        assertThat(attempts.run(0).cancels).isZero();

        call.admit();
        attempts.run(1).phase = "while connecting";

        assertThat(run.phase()).isEqualTo("while connecting");
        run.cancel();
        assertThat(attempts.run(1).cancels).isEqualTo(1);
        assertThat(attempts.run(0).cancels).isZero();
    }

    @Test
    void aRedirectReportedBeforeTheStartReturnsAndAdmittedAtOnceLeavesTheNextHopTheOneUnderWay() {
        FakeCallContext atOnce = FakeCallContext.admittingAtOnce();
        attempts.whenStarted(attempt -> {
            if (attempt.index == 0) {
                attempt.respond(302, "Location", "/1");
            }
        });
        Step.Run run = new FollowRedirects(attempts, config(5, false))
                .start(atOnce, request("GET", "http://api.example/0"), false, outcome);

        assertThat(attempts.runs()).hasSize(2);
        assertThat(run.phase()).isEqualTo(attempts.run(1).phase);
        run.cancel();
        assertThat(attempts.run(1).cancels).isEqualTo(1);
        assertThat(attempts.run(0).cancels).isZero();
    }

    @Test
    void aRedirectReportedBeforeTheStartReturnsLeavesTheCallWaitingForASlot() {
        attempts.whenStarted(attempt -> {
            if (attempt.index == 0) {
                attempt.respond(302, "Location", "/1");
            }
        });
        Step.Run run = start(5, request("GET", "http://api.example/0"));

        assertThat(call.isWaiting()).isTrue();
        assertThat(run.phase()).isEqualTo("while waiting for a slot after a redirect");
        run.cancel();
        assertThat(attempts.run(0).cancels).isZero();
    }
}
