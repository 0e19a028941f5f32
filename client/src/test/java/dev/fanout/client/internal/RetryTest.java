package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.client.ErrorKind;
import dev.fanout.client.RetryPolicy;
import dev.fanout.loop.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What is retried, how long it waits, and what the budget allows, on a scripted inner step: no
 * socket, no clock but the test's.
 */
class RetryTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long NOW_MILLIS = 1_800_000_000_000L;

    private final ManualClock clock = new ManualClock();
    private final ScriptedStep attempts = new ScriptedStep();
    private final FakeCallContext call = FakeCallContext.waitingForSlots();
    private final RecordingOutcome outcome = new RecordingOutcome();

    private Retry retry(RetryPolicy policy) {
        return new Retry(
                attempts,
                policy,
                new RetryBudget(clock, policy.budgetRatio(), policy.budgetPerSecond()),
                () -> NOW_MILLIS);
    }

    private static RetryPolicy threeAttempts() {
        return RetryPolicy.exponential(3, Duration.ofSeconds(1), Duration.ofSeconds(10));
    }

    private static ExchangeSpec request(String method, boolean retryable) {
        byte[] body = method.equals("GET") ? null : "payload".getBytes(StandardCharsets.UTF_8);
        return new ExchangeSpec(
                Target.parse("http://api.example/items/1"),
                method,
                List.of(),
                body,
                Duration.ofSeconds(30).toNanos(),
                retryable);
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 502, 503, 504})
    void aTryLaterStatusIsRetriedAfterABackoffUntilAnAnswerComes(int status) {
        retry(threeAttempts()).start(call, request("GET", false), false, outcome);

        attempts.run(0).respond(status);
        assertThat(call.backoffs()).hasSize(1);
        assertThat(call.backoffs().get(0)).isBetween(0L, SECOND);
        assertThat(attempts.runs()).hasSize(1); // waits: no attempt until the backoff passed
        call.admit();
        ResponseData ok = attempts.run(1).respond(200);

        assertThat(outcome.reports()).containsExactly(ok);
    }

    @Test
    void theLastAttemptsAnswerIsTheResultAndBackoffsGrowWithinTheMax() {
        retry(RetryPolicy.exponential(4, Duration.ofSeconds(2), Duration.ofSeconds(5)))
                .start(call, request("GET", false), false, outcome);

        for (int i = 0; i < 3; i++) {
            attempts.run(i).respond(503);
            call.admit();
        }
        ResponseData last = attempts.run(3).respond(503);

        assertThat(attempts.runs()).hasSize(4);
        assertThat(outcome.reports()).containsExactly(last);
        assertThat(call.backoffs().get(0)).isBetween(0L, 2 * SECOND);
        assertThat(call.backoffs().get(1)).isBetween(0L, 4 * SECOND);
        assertThat(call.backoffs().get(2)).isBetween(0L, 5 * SECOND); // 8 s capped at max
    }

    @Test
    void connectFailuresAndClosesBeforeAnyResponseByteAreRetriedOtherFailuresAreNot() {
        retry(threeAttempts()).start(call, request("GET", false), false, outcome);
        attempts.run(0).failBeforeResponse(ErrorKind.CONNECT);
        call.admit();
        attempts.run(1).failBeforeResponse(ErrorKind.CLOSED);
        call.admit();
        attempts.run(2).respond(200);
        assertThat(attempts.runs()).hasSize(3);

        RecordingOutcome other = new RecordingOutcome();
        ScriptedStep more = new ScriptedStep();
        new Retry(more, threeAttempts(), new RetryBudget(clock, 0.1, 10), () -> NOW_MILLIS)
                .start(FakeCallContext.admittingAtOnce(), request("GET", false), false, other);
        more.run(0).fail(ErrorKind.CLOSED, false); // mid-response: the server may have acted
        assertThat(more.runs()).hasSize(1);
        assertThat(other.reports()).hasSize(1);
    }

    @Test
    void aPostIsRetriedOnlyWhenItOptedIn() {
        retry(threeAttempts()).start(call, request("POST", false), false, outcome);
        ResponseData refused = attempts.run(0).respond(503);
        assertThat(outcome.reports()).containsExactly(refused);

        ScriptedStep optedIn = new ScriptedStep();
        RecordingOutcome second = new RecordingOutcome();
        new Retry(optedIn, threeAttempts(), new RetryBudget(clock, 0.1, 10), () -> NOW_MILLIS)
                .start(FakeCallContext.admittingAtOnce(), request("POST", true), false, second);
        optedIn.run(0).respond(503);
        assertThat(optedIn.runs()).hasSize(2);
    }

    @Test
    void retryAfterInSecondsOrAsADateIsTheWait() {
        retry(threeAttempts()).start(call, request("GET", false), false, outcome);
        attempts.run(0).respond(429, "Retry-After", "7");
        call.admit();
        String inFiveSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.ofInstant(Instant.ofEpochMilli(NOW_MILLIS + 5_000), ZoneOffset.UTC));
        attempts.run(1).respond(503, "Retry-After", inFiveSeconds);

        assertThat(call.backoffs()).containsExactly(7 * SECOND, 5 * SECOND);
    }

    @Test
    void aRetryAfterLongerThanTheCapMakesTheResponseTheResult() {
        retry(threeAttempts().maxRetryAfter(Duration.ofSeconds(10))).start(call, request("GET", false), false, outcome);

        ResponseData answer = attempts.run(0).respond(429, "Retry-After", "3600");

        assertThat(outcome.reports()).containsExactly(answer);
        assertThat(call.backoffs()).isEmpty();
    }

    @Test
    void theBudgetLetsATenthOfTheRequestsAndAFloorRetryThenNone() {
        RetryPolicy policy = threeAttempts().budget(0.1, 1); // 10 s window: 10 retries plus a tenth
        Retry step = retry(policy);
        int retried = 0;
        for (int i = 0; i < 100; i++) {
            int runsBefore = attempts.runs().size();
            step.start(FakeCallContext.admittingAtOnce(), request("GET", false), false, new RecordingOutcome());
            attempts.run(runsBefore).respond(503);
            if (attempts.runs().size() > runsBefore + 1) {
                retried++;
                attempts.run(runsBefore + 1).respond(200);
            }
        }
        assertThat(retried).isEqualTo(10 + 10); // perSecond × window, plus 0.1 × 100 requests

        clock.advance(Duration.ofSeconds(RetryBudget.WINDOW_SECONDS));
        step.start(FakeCallContext.admittingAtOnce(), request("GET", false), false, new RecordingOutcome());
        int runs = attempts.runs().size();
        attempts.run(runs - 1).respond(503);
        assertThat(attempts.runs()).hasSize(runs + 1); // the window moved on: budget again
    }

    @Test
    void anAttemptTimeoutCancelsTheAttemptAndCountsAsATimeoutToRetry() {
        retry(threeAttempts().attemptTimeout(Duration.ofSeconds(2))).start(call, request("GET", false), false, outcome);
        assertThat(call.timers()).hasSize(1);
        assertThat(call.timers().get(0).delayNanos).isEqualTo(2 * SECOND);

        call.timers().get(0).fire();

        assertThat(attempts.run(0).cancels).isEqualTo(1);
        assertThat(call.backoffs()).hasSize(1);
        call.admit();
        ResponseData ok = attempts.run(1).respond(200);
        assertThat(outcome.reports()).containsExactly(ok);
        assertThat(call.timers().get(1).isCancelled()).isTrue(); // the answer came in time
    }

    @Test
    void cancelWhileWaitingToRetryStartsNoMoreAttemptsAndThePhaseSaysSo() {
        Step.Run run = retry(threeAttempts()).start(call, request("GET", false), false, outcome);
        attempts.run(0).respond(503);

        assertThat(run.phase()).isEqualTo("while waiting to retry, after 1 attempt");
        run.cancel();

        assertThat(attempts.runs()).hasSize(1);
        assertThat(outcome.reports()).isEmpty();
    }
}
