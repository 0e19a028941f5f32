package dev.fanout.client.internal;

import dev.fanout.client.ErrorKind;
import dev.fanout.client.FetchException;
import dev.fanout.loop.Cancellable;
import dev.fanout.loop.Loop;
import java.time.Duration;

/**
 * One request's life in a batch: admitted, perhaps queued for a slot, active while its
 * {@link Step}s get the response, and done exactly once with a response or an error. Its timer
 * (the request's timeout, started when it first gets a slot, on the loop's clock) cancels the
 * step under way and ends it as {@code TIMEOUT}; the call is that timer itself, in the
 * {@link DeadlineLane} of its timeout. Its phase times are in a {@link TimingsRecorder}.
 *
 * <pre>
 *   NEW ─► QUEUED ─► ACTIVE ─► DONE        (a redirect goes back to waiting for a slot:
 *    │        ▲         │                    ACTIVE ─► QUEUED, or straight on to ACTIVE;
 *    │        └─────────┤                    a retry first waits its backoff holding none:
 *    │                  └─► WAITING ─► NEW   ACTIVE ─► WAITING ─► QUEUED or ACTIVE)
 *    └──────────────────────► DONE         (rejected, or cancelled while queued or waiting)
 * </pre>
 *
 * <p>Loop-confined: every method runs on the loop thread. When it ends it first frees its slot
 * (through its {@link Owner}), then tells its listener.
 */
final class Call extends DeadlineLane.Entry implements Admittable, CallContext, Outcome {

    /** What the request timeout's timers are called in slow-task warnings. */
    static final String TIMEOUT_LABEL = "fanout: request timeout";

    /** The states of a call. */
    enum State {
        /** Made, not admitted yet. */
        NEW,
        /** Waiting in its origin's queue for a slot. */
        QUEUED,
        /** Waiting, holding no slot, for the backoff before a retry to pass. */
        WAITING,
        /** Holding a slot: its steps run. */
        ACTIVE,
        /** Ended, with a response or an error. */
        DONE
    }

    /** What a call needs of the one that admits it. */
    interface Owner {

        /** The call wants a slot to its current origin again, after holding one to {@code from}. */
        void readmit(Call call, Origin from);

        /** The call gives up the slot it holds to {@code from} for a while (a retry's backoff). */
        void pause(Call call, Origin from);

        /** The call, paused, wants a slot again. */
        void resume(Call call);

        /** The call ended; it held a slot ({@code hadSlot}) or waited for one ({@code wasQueued}). */
        void ended(Call call, boolean hadSlot, boolean wasQueued);
    }

    private final Owner owner;
    private final Loop loop;
    private final Step steps;
    private final int index;
    private final CallListener listener;
    private final TimingsRecorder timings;
    private final DeadlineLanes timeouts;

    private State state = State.NEW;
    private ExchangeSpec spec;
    private Runnable whenAdmitted; // what a slot goes on with after a retry's wait or a redirect; null: the first start
    private Step.Run run;
    private DeadlineLane timeout; // the lane its timer started in; null until it first has a slot
    private Cancellable backoff;
    private int attempts;
    private int hedges;
    private ResponseData response;
    private FetchException error;
    private BatchLatencies latencies;
    /** Where the owner's {@link LiveCalls} keeps this call, or -1 when it does not. */
    int liveSlot = -1;

    /** Creates the call of input {@code index}, to run {@code steps}; {@code owner} admits it. */
    Call(Owner owner, Loop loop, Step steps, int index, ExchangeSpec spec, CallListener listener) {
        this(
                owner,
                loop,
                steps,
                index,
                spec,
                new TimingsRecorder(loop.clock()),
                new DeadlineLanes(loop, TIMEOUT_LABEL),
                listener);
    }

    /**
     * Creates the call, its phases marked on {@code timings} (and told to its listener), its
     * timeout in the lane of {@code timeouts} for its delay.
     */
    Call(
            Owner owner,
            Loop loop,
            Step steps,
            int index,
            ExchangeSpec spec,
            TimingsRecorder timings,
            DeadlineLanes timeouts,
            CallListener listener) {
        this.owner = owner;
        this.loop = loop;
        this.steps = steps;
        this.index = index;
        this.spec = spec;
        this.listener = listener;
        this.timings = timings;
        this.timeouts = timeouts;
    }

    /** Makes the call's batch record its latencies in {@code latencies} (null: none), and returns it. */
    Call withLatencies(BatchLatencies latencies) {
        this.latencies = latencies;
        return this;
    }

    @Override
    public BatchLatencies batchLatencies() {
        return latencies;
    }

    /** Returns the position of the request in its batch. */
    public int index() {
        return index;
    }

    /** Returns the call's state. */
    State state() {
        return state;
    }

    /** Returns true once the call has a response or an error. */
    @Override
    public boolean isDone() {
        return state == State.DONE;
    }

    /** Returns true while the call waits in its origin's queue for a slot. */
    public boolean isQueued() {
        return state == State.QUEUED;
    }

    /**
     * Returns the response while the call's listener is told it ended without error; null
     * before, and after (the call lets go of it).
     */
    public ResponseData response() {
        return response;
    }

    /**
     * Returns the error while the call's listener is told it ended without a response; null
     * before, and after (the call lets go of it, as of its response).
     */
    public FetchException error() {
        return error;
    }

    /** Returns how many times the last hop of the request went on the wire (2 after a stale-connection replay). */
    public int attempts() {
        return attempts;
    }

    /** Returns how many hedged copies of the last hop's request were sent (counted in {@link #attempts()} too). */
    public int hedges() {
        return hedges;
    }

    /**
     * Returns the phases of the call in nanoseconds ({@link TimingsRecorder#phaseNanos});
     * {@code batchStart} is the batch's start (the loop clock's reading).
     */
    public long[] phaseNanos(long batchStart) {
        return timings.phaseNanos(batchStart);
    }

    /** Returns the origin of the current request: the one whose slot it holds or waits for. */
    @Override
    public Origin origin() {
        return spec.target().origin();
    }

    // ---- admission (the owner) ----

    /** Marks the call entering the client. */
    void entered() {
        timings.entered(timings.now());
    }

    /** Called by the owner when the call waits for a slot. */
    void queued() {
        state = State.QUEUED;
        timings.queued(timings.now());
    }

    /** Called by the owner once the call holds a slot: its steps start (or go on, after a redirect). */
    void start() {
        if (state != State.NEW && state != State.QUEUED) {
            throw new IllegalStateException(this + ": started while " + state + " (expected: NEW or QUEUED)");
        }
        if (state == State.QUEUED) {
            timings.dequeued(timings.now());
        }
        state = State.ACTIVE;
        if (timeout == null) {
            timeout = timeouts.of(spec.timeoutNanos());
            timeout.start(this);
        }
        Runnable next = whenAdmitted;
        whenAdmitted = null;
        if (next != null) {
            next.run();
        } else {
            run = steps.start(this, spec, false, this);
        }
    }

    /** Ends the call before it started: client closed, queue full. */
    void reject(ErrorKind kind, String detail) {
        timings.enteredIfNot(timings.now());
        end(null, new FetchException(kind, spec.url(), detail, null));
    }

    /**
     * Ends the call now with {@code kind} (CANCELLED, or TIMEOUT for a batch deadline), cancelling
     * the step under way. Does nothing when it has already ended.
     */
    public void cancel(ErrorKind kind, String detail) {
        if (state == State.DONE) {
            return;
        }
        if (run != null) {
            run.cancel();
        }
        end(null, new FetchException(kind, spec.url(), detail, null));
    }

    /** The request's timeout passed: see {@link DeadlineLane.Entry}. */
    @Override
    void expired() {
        if (state == State.DONE) {
            return;
        }
        String phase = run != null ? run.phase() : "before sending";
        cancel(
                ErrorKind.TIMEOUT,
                "no complete response within " + spec.timeoutNanos() / 1_000_000 + " ms (" + phase + ")");
    }

    // ---- what the steps ask (CallContext) ----

    @Override
    public TimingsRecorder timings() {
        return timings;
    }

    @Override
    public void sending() {
        attempts++;
    }

    @Override
    public void hedging() {
        hedges++;
        timings.hedged();
    }

    @Override
    public void retryAfter(long delayNanos, Runnable then) {
        whenAdmitted = then;
        state = State.WAITING;
        owner.pause(this, origin());
        if (state != State.WAITING) {
            return; // ended meanwhile (a listener of a call the freed slot started cancelled it)
        }
        if (delayNanos <= 0) {
            backedOff(); // no wait: straight back in line for a slot
            return;
        }
        backoff = loop.schedule("fanout: retry backoff", this::backedOff, Duration.ofNanos(delayNanos));
    }

    private void backedOff() {
        backoff = null;
        if (state == State.WAITING) {
            state = State.NEW;
            owner.resume(this);
        }
    }

    @Override
    public Cancellable schedule(String label, Runnable task, long delayNanos) {
        return loop.schedule(label, task, Duration.ofNanos(Math.max(0, delayNanos)));
    }

    @Override
    public void readmit(ExchangeSpec next, Runnable then) {
        Origin from = origin();
        spec = next;
        attempts = 0; // attempts count the sends of the last hop: a redirect is not a retry
        hedges = 0;
        whenAdmitted = then;
        state = State.NEW;
        owner.readmit(this, from);
    }

    // ---- what the steps report (Outcome) ----

    @Override
    public void response(ResponseData data) {
        end(data, null);
    }

    @Override
    public void failure(Failure failure) {
        end(null, failure.error());
    }

    private void end(ResponseData data, FetchException failure) {
        if (state == State.DONE) {
            return;
        }
        boolean wasQueued = state == State.QUEUED;
        boolean hadSlot = state == State.ACTIVE;
        state = State.DONE;
        response = data;
        error = failure;
        long now = timings.now();
        if (wasQueued) {
            timings.dequeued(now);
        }
        timings.done(now);
        if (timeout != null) {
            timeout.cancel(this);
        }
        if (backoff != null) {
            backoff.cancel();
            backoff = null;
        }
        owner.ended(this, hadSlot, wasQueued);
        listener.callDone(this);
        // Told: let go of what the call made since it was admitted. A call of a large batch waits
        // in the queue long enough to be promoted to the old generation, and a young collection
        // takes what an old object points at as live, dead or not: an ended call holding its
        // response kept every body of a fetchEach alive, and copied, until an old collection
        // (bench/README.md, "Ended calls let go of their bodies"); an error's stack traces and
        // causes the same way, in a batch that fails.
        response = null;
        error = null;
        run = null;
    }

    @Override
    public String toString() {
        return "Call[" + index + " " + spec.method() + " " + UrlText.redact(spec.url()) + " " + state + "]";
    }
}
