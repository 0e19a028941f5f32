package dev.fanout.client.internal;

import dev.fanout.client.ErrorKind;
import dev.fanout.client.FetchException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link Step} that a test drives instead of a network: it records each start, and each of its
 * runs reports the response or failure the test tells it to, counts its cancels and answers
 * {@link Step.Run#phase()} with what the test set. What a run does before its start returns (a
 * report made at once) is scripted with {@link #whenStarted}.
 *
 * <p>Confined to one thread, like the steps it stands for.
 */
final class ScriptedStep implements Step {

    private final List<ScriptedRun> runs = new ArrayList<>();
    private Consumer<ScriptedRun> whenStarted = run -> {};

    @Override
    public Run start(CallContext call, ExchangeSpec spec, boolean freshConnection, Outcome outcome) {
        ScriptedRun run = new ScriptedRun(runs.size(), call, spec, freshConnection, outcome);
        runs.add(run);
        whenStarted.accept(run);
        return run;
    }

    /** Makes every later start do {@code action} with its new run before it returns. */
    ScriptedStep whenStarted(Consumer<ScriptedRun> action) {
        this.whenStarted = action;
        return this;
    }

    /** Returns the runs started so far, first first. */
    List<ScriptedRun> runs() {
        return runs;
    }

    /** Returns the run of start number {@code i}, from 0. */
    ScriptedRun run(int i) {
        return runs.get(i);
    }

    /** One start of the step: what it was given, and what was asked of it. */
    static final class ScriptedRun implements Step.Run {
        final int index;
        final CallContext call;
        final ExchangeSpec spec;
        final boolean freshConnection;
        final Outcome outcome;
        int cancels;
        String phase;

        ScriptedRun(int index, CallContext call, ExchangeSpec spec, boolean freshConnection, Outcome outcome) {
            this.index = index;
            this.call = call;
            this.spec = spec;
            this.freshConnection = freshConnection;
            this.outcome = outcome;
            this.phase = "while scripted run " + index + " runs";
        }

        /** Tells the call one more send went on the wire, as an attempt does. */
        void send() {
            call.sending();
        }

        /** Reports a response of {@code status} with the header {@code name: value} pairs given. */
        ResponseData respond(int status, String... headerPairs) {
            ResponseData data = new ResponseData(status, "HTTP/1.1", List.of(headerPairs), new byte[0], spec.url());
            outcome.response(data);
            return data;
        }

        /** Reports a failure of {@code kind}, on a stale reused connection when {@code stale}. */
        FetchException fail(ErrorKind kind, boolean stale) {
            FetchException error = new FetchException(kind, spec.url(), "scripted failure of run " + index, null);
            outcome.failure(new Outcome.Failure(error, stale));
            return error;
        }

        /** Reports that the server refused the request unprocessed (HTTP/2: GOAWAY or REFUSED_STREAM). */
        FetchException refuse() {
            FetchException error =
                    new FetchException(ErrorKind.CLOSED, spec.url(), "scripted refusal of run " + index, null);
            outcome.failure(new Outcome.Failure(error, false, true, true));
            return error;
        }

        /** Reports a failure of {@code kind} before any byte of a response arrived. */
        FetchException failBeforeResponse(ErrorKind kind) {
            FetchException error = new FetchException(kind, spec.url(), "scripted failure of run " + index, null);
            outcome.failure(new Outcome.Failure(error, false, false, true));
            return error;
        }

        @Override
        public void cancel() {
            cancels++;
        }

        @Override
        public String phase() {
            return phase;
        }

        @Override
        public String toString() {
            return "ScriptedRun[" + index + " " + spec.method() + " " + spec.url() + "]";
        }
    }
}
