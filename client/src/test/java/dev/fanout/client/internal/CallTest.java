package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.client.ErrorKind;
import dev.fanout.client.FetchException;
import dev.fanout.client.internal.Call.State;
import dev.fanout.client.internal.ScriptedStep.ScriptedRun;
import dev.fanout.loop.Loop;
import dev.fanout.loop.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One call's life without sockets or sleeps: a recording owner admits it, a scripted step stands
 * for its attempts, and its timeout runs on a {@link ManualClock} that the test advances. The
 * call is loop-confined, so each of its methods runs on the loop thread, handed over and waited
 * for.
 */
class CallTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration ONE_NANO = Duration.ofNanos(1);

    private final ManualClock clock = new ManualClock();
    private final Loop loop = Loop.builder().name("call-test-loop").clock(clock).start();
    private final List<String> events = new ArrayList<>(); // on the loop thread only
    private final List<ResponseData> told = new ArrayList<>(); // the response the listener saw, each time
    private final List<FetchException> toldErrors = new ArrayList<>(); // the error it saw, each time
    private final RecordingOwner owner = new RecordingOwner();
    private final ScriptedStep steps = new ScriptedStep();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    // ---- the lifecycle ----

    @Test
    void aCallThatWaitsForASlotGoesFromNewThroughQueuedAndActiveToDone() throws Exception {
        ExchangeSpec spec = get("http://api.example/a");
        Call call = newCall(spec);
        assertThat(fromLoop(call::state)).isEqualTo(State.NEW);

        onLoop(() -> {
            call.entered();
            call.queued();
        });
        assertThat(fromLoop(call::state)).isEqualTo(State.QUEUED);
        assertThat(fromLoop(call::isQueued)).isTrue();
        assertThat(fromLoop(() -> steps.runs().size())).isZero();

        onLoop(call::start);
        assertThat(fromLoop(call::state)).isEqualTo(State.ACTIVE);
        assertThat(fromLoop(call::isQueued)).isFalse();
        ScriptedRun run = onlyRun();
        assertThat(run.call).isSameAs(call);
        assertThat(run.spec).isSameAs(spec);
        assertThat(run.freshConnection).isFalse();
        assertThat(run.outcome).isSameAs(call);

        ResponseData answer = fromLoop(() -> run.respond(200));
        assertThat(fromLoop(call::state)).isEqualTo(State.DONE);
        assertThat(fromLoop(call::isDone)).isTrue();
        assertThat(fromLoop(() -> new ArrayList<>(told))).containsExactly(answer);
        assertThat(fromLoop(this::errorTold)).isNull();
        assertThat(events()).containsExactly("ended hadSlot=true wasQueued=false, DONE", "listener told, DONE");
    }

    @Test
    void aCallLetsGoOfItsResponseOnceItsListenerWasTold() throws Exception {
        Call call = startedCall();
        ScriptedRun run = onlyRun();

        ResponseData answer = fromLoop(() -> run.respond(200));

        // The listener saw it; the call, which may sit in the old generation, keeps no path to it.
        assertThat(fromLoop(() -> new ArrayList<>(told))).containsExactly(answer);
        assertThat(fromLoop(() -> call.response())).isNull();
        assertThat(fromLoop(call::isDone)).isTrue();
    }

    @Test
    void aCallLetsGoOfItsErrorOnceItsListenerWasTold() throws Exception {
        Call call = startedCall();
        ScriptedRun run = onlyRun();

        FetchException error = fromLoop(() -> run.fail(ErrorKind.CLOSED, false));

        assertThat(fromLoop(() -> new ArrayList<>(toldErrors))).containsExactly(error);
        assertThat(fromLoop(call::error)).isNull();
        assertThat(fromLoop(call::isDone)).isTrue();
    }

    @Test
    void aCallGivenASlotAtOnceGoesFromNewToActive() throws Exception {
        Call call = newCall(get("http://api.example/a"));

        onLoop(() -> {
            call.entered();
            call.start();
        });

        assertThat(fromLoop(call::state)).isEqualTo(State.ACTIVE);
        ScriptedRun run = onlyRun();
        FetchException error = fromLoop(() -> run.fail(ErrorKind.CLOSED, false));
        assertThat(fromLoop(call::state)).isEqualTo(State.DONE);
        assertThat(fromLoop(this::errorTold)).isSameAs(error);
        assertThat(fromLoop(() -> call.response())).isNull();
        assertThat(events()).containsExactly("ended hadSlot=true wasQueued=false, DONE", "listener told, DONE");
    }

    @Test
    void aResponseEndsTheCallOnceAndALaterReportChangesNothing() throws Exception {
        Call call = startedCall();
        ScriptedRun run = onlyRun();

        ResponseData first = fromLoop(() -> run.respond(200));
        onLoop(() -> run.respond(500));
        onLoop(() -> run.fail(ErrorKind.CLOSED, false));
        clock.advance(TIMEOUT.multipliedBy(2)); // its timer went with it

        assertThat(fromLoop(() -> new ArrayList<>(told))).containsExactly(first);
        assertThat(fromLoop(this::errorTold)).isNull();
        assertThat(fromLoop(() -> run.cancels)).isZero();
        assertThat(events()).containsExactly("ended hadSlot=true wasQueued=false, DONE", "listener told, DONE");
    }

    @Test
    void aFailureEndsTheCallOnceAndALaterReportChangesNothing() throws Exception {
        Call call = startedCall();
        ScriptedRun run = onlyRun();

        FetchException first = fromLoop(() -> run.fail(ErrorKind.PROTOCOL, false));
        onLoop(() -> run.respond(200));
        onLoop(() -> run.fail(ErrorKind.CLOSED, false));

        assertThat(fromLoop(this::errorTold)).isSameAs(first);
        assertThat(fromLoop(() -> call.response())).isNull();
        assertThat(events()).containsExactly("ended hadSlot=true wasQueued=false, DONE", "listener told, DONE");
    }

    // ---- cancel and reject ----

    @Test
    void aCancelWhileQueuedEndsTheCallCancelledWithoutStartingItsStep() throws Exception {
        Call call = newCall(get("http://api.example/a"));
        onLoop(() -> {
            call.entered();
            call.queued();
        });

        onLoop(() -> call.cancel(ErrorKind.CANCELLED, "batch cancelled"));

        assertThat(fromLoop(call::state)).isEqualTo(State.DONE);
        assertThat(fromLoop(this::errorTold).kind()).isEqualTo(ErrorKind.CANCELLED);
        assertThat(fromLoop(this::errorTold).getMessage()).isEqualTo("CANCELLED http://api.example/a: batch cancelled");
        assertThat(events()).containsExactly("ended hadSlot=false wasQueued=true, DONE", "listener told, DONE");
        assertThat(fromLoop(() -> steps.runs().size())).isZero();
    }

    @Test
    void aCancelWhileActiveCancelsTheStepUnderWay() throws Exception {
        Call call = startedCall();

        onLoop(() -> call.cancel(ErrorKind.CANCELLED, "batch cancelled"));

        ScriptedRun run = onlyRun();
        assertThat(fromLoop(() -> run.cancels)).isEqualTo(1);
        assertThat(fromLoop(this::errorTold).kind()).isEqualTo(ErrorKind.CANCELLED);
        assertThat(events()).containsExactly("ended hadSlot=true wasQueued=false, DONE", "listener told, DONE");
    }

    @Test
    void aCancelAfterTheCallIsDoneDoesNothing() throws Exception {
        Call call = startedCall();
        ScriptedRun run = onlyRun();
        ResponseData answer = fromLoop(() -> run.respond(204));

        onLoop(() -> call.cancel(ErrorKind.CANCELLED, "batch cancelled"));

        assertThat(fromLoop(() -> new ArrayList<>(told))).containsExactly(answer);
        assertThat(fromLoop(this::errorTold)).isNull();
        assertThat(fromLoop(() -> run.cancels)).isZero();
        assertThat(events()).containsExactly("ended hadSlot=true wasQueued=false, DONE", "listener told, DONE");
    }

    @Test
    void aCallThatEndedCannotBeStartedAgain() throws Exception {
        Call call = startedCall();
        ScriptedRun run = onlyRun();
        onLoop(() -> run.respond(200));

        Throwable thrown = fromLoop(() -> {
            try {
                call.start();
                return null;
            } catch (IllegalStateException expected) {
                return expected;
            }
        });

        assertThat(thrown).hasMessageEndingWith("started while DONE (expected: NEW or QUEUED)");
        assertThat(fromLoop(call::state)).isEqualTo(State.DONE);
        assertThat(fromLoop(() -> steps.runs().size())).isEqualTo(1);
        assertThat(events()).containsExactly("ended hadSlot=true wasQueued=false, DONE", "listener told, DONE");
    }

    @Test
    void aRejectedCallEndsBeforeItStartsAndHasNoTimer() throws Exception {
        long batchStart = clock.nanoTime();
        clock.advance(Duration.ofSeconds(2));
        Call call = newCall(get("http://api.example/a"));

        onLoop(() -> call.reject(ErrorKind.REJECTED, "queue full"));
        clock.advance(TIMEOUT.multipliedBy(2));

        assertThat(fromLoop(call::state)).isEqualTo(State.DONE);
        assertThat(fromLoop(this::errorTold).getMessage()).isEqualTo("REJECTED http://api.example/a: queue full");
        assertThat(events()).containsExactly("ended hadSlot=false wasQueued=false, DONE", "listener told, DONE");
        assertThat(fromLoop(() -> steps.runs().size())).isZero();
        assertThat(fromLoop(() -> call.phaseNanos(batchStart)))
                .containsExactly(phases(Duration.ofSeconds(2), Duration.ZERO, Duration.ZERO));
    }

    // ---- the timeout ----

    @Test
    void theTimeoutDoesNotRunWhileTheCallWaitsForItsFirstSlot() throws Exception {
        Call call = newCall(get("http://api.example/a"));
        onLoop(() -> {
            call.entered();
            call.queued();
        });

        clock.advance(TIMEOUT.multipliedBy(10));

        assertThat(fromLoop(call::state)).isEqualTo(State.QUEUED);
        assertThat(events()).isEmpty();

        onLoop(call::start);
        clock.advance(TIMEOUT.minus(ONE_NANO));
        assertThat(fromLoop(call::state)).isEqualTo(State.ACTIVE);

        clock.advance(ONE_NANO);
        assertThat(fromLoop(call::state)).isEqualTo(State.DONE);
        assertThat(fromLoop(this::errorTold).kind()).isEqualTo(ErrorKind.TIMEOUT);
    }

    @Test
    void theTimeoutFiresExactlyAtItsTimeCancellingTheStepAndNamingWhatItWasDoing() throws Exception {
        long batchStart = clock.nanoTime();
        Call call = startedCall();
        ScriptedRun run = onlyRun();
        onLoop(() -> run.phase = "while receiving the response");

        clock.advance(TIMEOUT.minus(ONE_NANO));

        assertThat(fromLoop(call::state)).isEqualTo(State.ACTIVE);
        assertThat(fromLoop(() -> run.cancels)).isZero();
        assertThat(events()).isEmpty();

        clock.advance(ONE_NANO);

        assertThat(fromLoop(call::state)).isEqualTo(State.DONE);
        assertThat(fromLoop(() -> run.cancels)).isEqualTo(1);
        FetchException error = fromLoop(this::errorTold);
        assertThat(error.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(error.getMessage())
                .isEqualTo("TIMEOUT http://api.example/a: no complete response within 30000 ms"
                        + " (while receiving the response)");
        assertThat(events()).containsExactly("ended hadSlot=true wasQueued=false, DONE", "listener told, DONE");
        assertThat(fromLoop(() -> call.phaseNanos(batchStart)))
                .containsExactly(phases(Duration.ZERO, Duration.ZERO, TIMEOUT));

        onLoop(() -> run.respond(200)); // too late: the step was told to stop
        assertThat(fromLoop(() -> call.response())).isNull();
        assertThat(events()).hasSize(2);
    }

    // ---- timings and attempts ----

    @Test
    void theTimeQueuedIsCountedFromQueuedToStart() throws Exception {
        long batchStart = clock.nanoTime();
        clock.advance(Duration.ofSeconds(1));
        Call call = newCall(get("http://api.example/a"));
        onLoop(() -> {
            call.entered();
            call.queued();
        });
        clock.advance(Duration.ofSeconds(5));
        onLoop(call::start);
        clock.advance(Duration.ofSeconds(2));

        ScriptedRun run = onlyRun();
        onLoop(() -> run.respond(200));

        assertThat(fromLoop(() -> call.phaseNanos(batchStart)))
                .containsExactly(phases(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(7)));
    }

    @Test
    void aCallCancelledWhileQueuedCountsItsWaitUntilTheCancel() throws Exception {
        long batchStart = clock.nanoTime();
        Call call = newCall(get("http://api.example/a"));
        onLoop(() -> {
            call.entered();
            call.queued();
        });
        clock.advance(Duration.ofSeconds(3));

        onLoop(() -> call.cancel(ErrorKind.CANCELLED, "batch cancelled"));

        assertThat(fromLoop(() -> call.phaseNanos(batchStart)))
                .containsExactly(phases(Duration.ZERO, Duration.ofSeconds(3), Duration.ofSeconds(3)));
    }

    @Test
    void theAttemptsAreTheSendsTheStepCounted() throws Exception {
        Call call = startedCall();
        ScriptedRun run = onlyRun();
        assertThat(fromLoop(call::attempts)).isZero();

        onLoop(run::send);
        onLoop(run::send);

        assertThat(fromLoop(call::attempts)).isEqualTo(2);
    }

    // ---- readmission (a redirect) ----

    @Test
    void aReadmissionFreesTheSlotThroughTheOwnerResetsTheAttemptsAndGoesOnWhenStartedAgain() throws Exception {
        long batchStart = clock.nanoTime();
        Call call = startedCall();
        ScriptedRun run = onlyRun();
        onLoop(run::send);
        ExchangeSpec next = get("http://other.example:8080/b");

        onLoop(() -> run.call.readmit(next, () -> events.add("went on, " + call.state())));

        assertThat(events()).containsExactly("readmit from http://api.example to http://other.example:8080, NEW");
        assertThat(fromLoop(call::state)).isEqualTo(State.NEW);
        assertThat(fromLoop(call::origin)).isEqualTo(new Origin("http", "other.example", 8080));
        assertThat(fromLoop(call::attempts)).isZero();

        onLoop(call::queued);
        clock.advance(Duration.ofSeconds(4));
        onLoop(call::start);

        assertThat(fromLoop(call::state)).isEqualTo(State.ACTIVE);
        assertThat(events()).endsWith("went on, ACTIVE").hasSize(2);
        assertThat(fromLoop(() -> steps.runs().size())).isEqualTo(1); // it went on; the steps did not start over

        onLoop(() -> run.respond(200));
        assertThat(events()).endsWith("ended hadSlot=true wasQueued=false, DONE", "listener told, DONE");
        assertThat(fromLoop(() -> call.phaseNanos(batchStart)))
                .containsExactly(phases(Duration.ZERO, Duration.ofSeconds(4), Duration.ofSeconds(4)));
    }

    @Test
    void aReadmissionGrantedASlotAtOnceGoesOnBeforeReadmitReturns() throws Exception {
        Call call = startedCall();
        ScriptedRun run = onlyRun();
        owner.startsAtOnce = true;

        onLoop(() -> {
            run.call.readmit(get("http://api.example/b"), () -> events.add("went on, " + call.state()));
            events.add("readmit returned");
        });

        assertThat(events())
                .containsExactly(
                        "readmit from http://api.example to http://api.example, NEW",
                        "went on, ACTIVE",
                        "readmit returned");
        assertThat(fromLoop(call::state)).isEqualTo(State.ACTIVE);
    }

    @Test
    void theTimeoutCountsFromTheFirstSlotAcrossARedirect() throws Exception {
        Call call = startedCall();
        ScriptedRun run = onlyRun();
        clock.advance(Duration.ofSeconds(20));
        onLoop(() -> run.call.readmit(get("http://api.example/b"), () -> {}));
        onLoop(call::queued);
        clock.advance(Duration.ofSeconds(5));
        onLoop(call::start);

        clock.advance(Duration.ofSeconds(5).minus(ONE_NANO));
        assertThat(fromLoop(call::state)).isEqualTo(State.ACTIVE);

        clock.advance(ONE_NANO);
        assertThat(fromLoop(this::errorTold).kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(fromLoop(this::errorTold).url()).isEqualTo("http://api.example/b");
    }

    @Test
    void aTimeoutWhileWaitingForASlotAfterARedirectEndsTheCallAsQueued() throws Exception {
        Call call = startedCall();
        ScriptedRun run = onlyRun();
        onLoop(() -> run.phase = "while waiting for a slot after a redirect");
        onLoop(() -> run.call.readmit(get("http://api.example/b"), () -> events.add("went on")));
        onLoop(call::queued);

        clock.advance(TIMEOUT);

        assertThat(fromLoop(this::errorTold).getMessage())
                .isEqualTo("TIMEOUT http://api.example/b: no complete response within 30000 ms"
                        + " (while waiting for a slot after a redirect)");
        assertThat(fromLoop(() -> run.cancels)).isEqualTo(1);
        assertThat(events())
                .containsExactly(
                        "readmit from http://api.example to http://api.example, NEW",
                        "ended hadSlot=false wasQueued=true, DONE",
                        "listener told, DONE");
    }

    // ---- support ----

    /** Admits calls as a test says, and records what the call tells it, in order with the listener. */
    private final class RecordingOwner implements Call.Owner {
        boolean startsAtOnce;

        @Override
        public void readmit(Call call, Origin from) {
            events.add("readmit from " + from + " to " + call.origin() + ", " + call.state());
            if (startsAtOnce) {
                call.start();
            }
        }

        @Override
        public void pause(Call call, Origin from) {
            events.add("pause " + from + ", " + call.state());
        }

        @Override
        public void resume(Call call) {
            events.add("resume " + call.origin() + ", " + call.state());
            if (startsAtOnce) {
                call.start();
            }
        }

        @Override
        public void ended(Call call, boolean hadSlot, boolean wasQueued) {
            events.add("ended hadSlot=" + hadSlot + " wasQueued=" + wasQueued + ", " + call.state());
        }
    }

    private static ExchangeSpec get(String url) {
        return new ExchangeSpec(Target.parse(url), "GET", List.of(), null, TIMEOUT.toNanos());
    }

    private Call newCall(ExchangeSpec spec) throws Exception {
        return fromLoop(() -> new Call(owner, loop, steps, 3, spec, c -> {
            events.add("listener told, " + c.state());
            told.add(c.response());
            toldErrors.add(c.error());
        }));
    }

    /** Returns a call that entered and got a slot at once: its step is under way. */
    private Call startedCall() throws Exception {
        Call call = newCall(get("http://api.example/a"));
        onLoop(() -> {
            call.entered();
            call.start();
        });
        return call;
    }

    /** Returns the one run of the step, failing if it started another number of times. */
    private ScriptedRun onlyRun() throws Exception {
        List<ScriptedRun> runs = fromLoop(() -> List.copyOf(steps.runs()));
        assertThat(runs).hasSize(1);
        return runs.get(0);
    }

    /**
     * Returns the phases, in nanoseconds in the order of {@code Timings}' components, of a call
     * whose scripted step marked no phase of its own.
     */
    private static long[] phases(Duration start, Duration queued, Duration total) {
        return new long[] {start.toNanos(), queued.toNanos(), 0, 0, 0, 0, 0, total.toNanos()};
    }

    /** Returns the error the listener was last told of (null if never, or told of a response). */
    private FetchException errorTold() {
        return toldErrors.isEmpty() ? null : toldErrors.get(toldErrors.size() - 1);
    }

    private List<String> events() throws Exception {
        return fromLoop(() -> List.copyOf(events));
    }

    private void onLoop(Runnable task) throws Exception {
        OnLoop.run(loop, task);
    }

    private <T> T fromLoop(Callable<T> task) throws Exception {
        return OnLoop.get(loop, task);
    }
}
