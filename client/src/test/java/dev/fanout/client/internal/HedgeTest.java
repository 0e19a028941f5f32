package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.client.ErrorKind;
import dev.fanout.loop.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A late idempotent request gets a copy racing it; the first answer wins; on a scripted inner step. */
class HedgeTest {

    private static final long DELAY = Duration.ofMillis(200).toNanos();

    private final ManualClock clock = new ManualClock();
    private final ScriptedStep copies = new ScriptedStep();
    private final FakeCallContext call = FakeCallContext.waitingForSlots();
    private final RecordingOutcome outcome = new RecordingOutcome();
    private final Hedge hedge = new Hedge(copies, DELAY, false, new RetryBudget(clock, 0.05, 1));

    private static ExchangeSpec request(String method) {
        byte[] body = method.equals("GET") ? null : "payload".getBytes(StandardCharsets.UTF_8);
        return new ExchangeSpec(
                Target.parse("http://api.example/items/1"),
                method,
                List.of(),
                body,
                Duration.ofSeconds(30).toNanos());
    }

    @Test
    void aLateRequestGetsACopyAndTheFirstAnswerWinsTheOtherCancelled() {
        hedge.start(call, request("GET"), false, outcome);
        assertThat(call.timers()).as("no delay before the request is written").isEmpty();
        copies.run(0).send();
        assertThat(call.timers()).hasSize(1);
        assertThat(call.timers().get(0).delayNanos).isEqualTo(DELAY);

        call.timers().get(0).fire();

        assertThat(copies.runs()).hasSize(2);
        assertThat(copies.run(1).call).isNotSameAs(call); // its phases go to a recorder of its own
        ResponseData answer = copies.run(1).respond(200);
        assertThat(outcome.reports()).containsExactly(answer);
        assertThat(copies.run(0).cancels).isEqualTo(1);
        assertThat(copies.run(1).cancels).isZero();
        copies.run(0).respond(200); // too late: dropped
        assertThat(outcome.reports()).hasSize(1);
    }

    @Test
    void anAnswerBeforeTheDelayStopsTheTimerAndNoCopyIsSent() {
        hedge.start(call, request("GET"), false, outcome);
        copies.run(0).send();
        ResponseData answer = copies.run(0).respond(200);

        assertThat(call.timers().get(0).isCancelled()).isTrue();
        assertThat(copies.runs()).hasSize(1);
        assertThat(outcome.reports()).containsExactly(answer);
    }

    @Test
    void aCopyThatFailsLeavesTheRaceToTheOtherAndTwoFailuresEndIt() {
        hedge.start(call, request("GET"), false, outcome);
        copies.run(0).send();
        call.timers().get(0).fire();

        copies.run(0).fail(ErrorKind.CLOSED, false);
        assertThat(outcome.reports()).isEmpty();
        ResponseData answer = copies.run(1).respond(200);
        assertThat(outcome.reports()).containsExactly(answer);

        RecordingOutcome both = new RecordingOutcome();
        ScriptedStep more = new ScriptedStep();
        FakeCallContext other = FakeCallContext.waitingForSlots();
        new Hedge(more, DELAY, false, new RetryBudget(clock, 0.05, 1)).start(other, request("GET"), false, both);
        more.run(0).send();
        other.timers().get(0).fire();
        more.run(1).fail(ErrorKind.CLOSED, false);
        more.run(0).fail(ErrorKind.PROTOCOL, false);
        assertThat(both.reports()).hasSize(1);
        assertThat(((Outcome.Failure) both.reports().get(0)).error().kind()).isEqualTo(ErrorKind.PROTOCOL);
    }

    @Test
    void theDelayRunsFromTheWriteAndACopyCountsOnceItIsWritten() {
        hedge.start(call, request("GET"), false, outcome);
        assertThat(call.timers()).as("still connecting: not late").isEmpty();
        copies.run(0).send();
        copies.run(0).send(); // replayed on a fresh connection: the same wait goes on
        assertThat(call.timers()).hasSize(1);

        call.timers().get(0).fire();
        assertThat(copies.runs()).hasSize(2);
        assertThat(call.hedges()).as("the copy is still connecting").isZero();
        copies.run(1).send();
        assertThat(call.hedges()).isEqualTo(1);
        assertThat(call.sends()).isEqualTo(3);
    }

    @Test
    void aPostIsNeverHedged() {
        hedge.start(call, request("POST"), false, outcome);

        assertThat(call.timers()).isEmpty();
    }

    @Test
    void cancelEndsBothCopies() {
        Step.Run run = hedge.start(call, request("GET"), false, outcome);
        copies.run(0).send();
        call.timers().get(0).fire();

        assertThat(run.phase()).endsWith(", hedged");
        run.cancel();

        assertThat(copies.run(0).cancels).isEqualTo(1);
        assertThat(copies.run(1).cancels).isEqualTo(1);
        assertThat(outcome.reports()).isEmpty();
    }

    @Test
    void theBudgetBoundsHedges() {
        Hedge bounded = new Hedge(copies, DELAY, false, new RetryBudget(clock, 0.0, 1)); // 10 over the window
        int hedged = 0;
        for (int i = 0; i < 30; i++) {
            FakeCallContext each = FakeCallContext.waitingForSlots();
            int before = copies.runs().size();
            bounded.start(each, request("GET"), false, new RecordingOutcome());
            copies.run(before).send();
            each.timers().get(0).fire();
            hedged += copies.runs().size() - before - 1;
        }
        assertThat(hedged).isEqualTo(10);
    }
}
