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
 * An idempotent request that failed on a stale pooled connection is sent once more, on a fresh
 * connection; nothing else is replayed. A scripted inner step stands for the attempts, so no
 * socket is needed.
 */
class ReplayOnStaleTest {

    private final ScriptedStep attempts = new ScriptedStep();
    private final ReplayOnStale replay = new ReplayOnStale(attempts);
    private final FakeCallContext call = FakeCallContext.waitingForSlots();
    private final RecordingOutcome outcome = new RecordingOutcome();

    private static ExchangeSpec request(String method) {
        byte[] body = method.equals("GET") ? null : "payload".getBytes(StandardCharsets.UTF_8);
        return new ExchangeSpec(
                Target.parse("http://api.example/items/1"),
                method,
                List.of(),
                body,
                Duration.ofSeconds(30).toNanos());
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"})
    void anIdempotentRequestThatFailedOnAStaleConnectionIsSentOnceMoreOnAFreshOne(String method) {
        ExchangeSpec spec = request(method);
        replay.start(call, spec, false, outcome);

        attempts.run(0).fail(ErrorKind.CLOSED, true);

        assertThat(attempts.runs()).hasSize(2);
        assertThat(attempts.run(0).freshConnection).isFalse();
        assertThat(attempts.run(1).freshConnection).isTrue();
        assertThat(attempts.run(1).spec).isSameAs(spec);
        assertThat(attempts.run(1).call).isSameAs(call);
        assertThat(outcome.reports()).isEmpty();

        ResponseData answer = attempts.run(1).respond(200);

        assertThat(outcome.reports()).containsExactly(answer);
    }

    @Test
    void aReplayThatFailsOnAStaleConnectionTooIsNotReplayedAgain() {
        replay.start(call, request("GET"), false, outcome);

        attempts.run(0).fail(ErrorKind.CLOSED, true);
        FetchException second = attempts.run(1).fail(ErrorKind.CLOSED, true);

        assertThat(attempts.runs()).hasSize(2);
        assertThat(outcome.reports()).singleElement().isEqualTo(new Outcome.Failure(second, true));
    }

    @Test
    void aRequestRefusedUnprocessedIsSentAgainEvenAPostUpToTheBound() {
        replay.start(call, request("POST"), false, outcome);

        FetchException last = null;
        for (int i = 0; i <= ReplayOnStale.MAX_REFUSED; i++) {
            assertThat(outcome.reports()).as("after %d refusals", i).isEmpty();
            last = attempts.run(i).refuse();
        }

        assertThat(attempts.runs()).hasSize(ReplayOnStale.MAX_REFUSED + 1);
        assertThat(outcome.reports()).singleElement().isEqualTo(new Outcome.Failure(last, false, true, true));
    }

    @Test
    void aRequestRefusedTwiceThenAnsweredGetsTheAnswer() {
        replay.start(call, request("GET"), false, outcome);

        attempts.run(0).refuse();
        attempts.run(1).refuse();
        ResponseData answer = attempts.run(2).respond(200);

        assertThat(outcome.reports()).containsExactly(answer);
        assertThat(attempts.run(2).freshConnection).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PATCH"})
    void aRequestThatIsNotIdempotentIsNeverReplayed(String method) {
        replay.start(call, request(method), false, outcome);

        FetchException stale = attempts.run(0).fail(ErrorKind.CLOSED, true);

        assertThat(attempts.runs()).hasSize(1);
        assertThat(outcome.reports()).containsExactly(new Outcome.Failure(stale, true));
    }

    @Test
    void aFailureThatIsNotOnAStaleConnectionIsNotReplayed() {
        replay.start(call, request("GET"), false, outcome);

        FetchException reset = attempts.run(0).fail(ErrorKind.CLOSED, false);

        assertThat(attempts.runs()).hasSize(1);
        assertThat(outcome.reports()).containsExactly(new Outcome.Failure(reset, false));
    }

    @Test
    void aResponseIsPassedOnAsItIs() {
        replay.start(call, request("GET"), false, outcome);

        ResponseData answer = attempts.run(0).respond(503);

        assertThat(attempts.runs()).hasSize(1);
        assertThat(outcome.reports()).containsExactly(answer);
    }

    @Test
    void aCancelAndThePhaseReachTheAttemptUnderWayBeforeAndAfterTheReplay() {
        Step.Run run = replay.start(call, request("GET"), false, outcome);
        attempts.run(0).phase = "while waiting for the response";

        assertThat(run.phase()).isEqualTo("while waiting for the response");

        attempts.run(0).fail(ErrorKind.CLOSED, true);
        attempts.run(1).phase = "while connecting";

        assertThat(run.phase()).isEqualTo("while connecting");
        run.cancel();
        assertThat(attempts.run(1).cancels).isEqualTo(1);
        assertThat(attempts.run(0).cancels).isZero();
    }

    @Test
    void aStaleFailureReportedBeforeTheFirstStartReturnsLeavesTheReplayTheOneUnderWay() {
        // A write to a pooled connection that is already closed fails before the attempt's start returns.
        attempts.whenStarted(attempt -> {
            if (attempt.index == 0) {
                attempt.fail(ErrorKind.CLOSED, true);
            }
        });
        Step.Run run = replay.start(call, request("GET"), false, outcome);

        assertThat(attempts.runs()).hasSize(2);
        assertThat(run.phase()).isEqualTo(attempts.run(1).phase);
        run.cancel();
        assertThat(attempts.run(1).cancels).isEqualTo(1);
        assertThat(attempts.run(0).cancels).isZero();
        assertThat(outcome.reports()).isEmpty();
    }
}
