package dev.fanout.client.internal;

import dev.fanout.loop.Cancellable;
import dev.fanout.loop.ManualClock;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link CallContext} for a step under test, without a call or a loop: it counts sends, records
 * each readmission (a redirect's next hop) and each retry's backoff and runs its continuation
 * when the test {@link #admit admits} it, or at once when made with {@link #admittingAtOnce};
 * timers wait for the test to {@link Timer#fire fire} them.
 *
 * <p>Confined to one thread, like the call it stands for.
 */
final class FakeCallContext implements CallContext {

    private final TimingsRecorder timings = new TimingsRecorder(new ManualClock());
    private final boolean atOnce;
    private final List<ExchangeSpec> readmitted = new ArrayList<>();
    private final List<Long> backoffs = new ArrayList<>();
    private final List<Timer> timers = new ArrayList<>();
    private Runnable whenAdmitted;
    private int sends;
    private int hedges;

    private FakeCallContext(boolean atOnce) {
        this.atOnce = atOnce;
    }

    /** Returns a context whose readmissions wait until the test {@link #admit admits} them. */
    static FakeCallContext waitingForSlots() {
        return new FakeCallContext(false);
    }

    /** Returns a context that grants each readmission a slot before {@code readmit} returns. */
    static FakeCallContext admittingAtOnce() {
        return new FakeCallContext(true);
    }

    @Override
    public TimingsRecorder timings() {
        return timings;
    }

    @Override
    public void sending() {
        sends++;
    }

    @Override
    public void hedging() {
        hedges++;
    }

    /** Returns how many hedged copies were counted. */
    int hedges() {
        return hedges;
    }

    @Override
    public void readmit(ExchangeSpec next, Runnable then) {
        if (whenAdmitted != null) {
            throw new IllegalStateException("readmitted again before the last readmission was admitted");
        }
        readmitted.add(next);
        whenAdmitted = then;
        if (atOnce) {
            admit();
        }
    }

    /** Records the backoff of a retry; the test {@link #admit admits} it once it would have passed. */
    @Override
    public void retryAfter(long delayNanos, Runnable then) {
        if (whenAdmitted != null) {
            throw new IllegalStateException("waits for a retry before the last readmission was admitted");
        }
        backoffs.add(delayNanos);
        whenAdmitted = then;
        if (atOnce) {
            admit();
        }
    }

    /** Records {@code task}; the test runs it with {@link #fire}. */
    @Override
    public Cancellable schedule(String label, Runnable task, long delayNanos) {
        Timer timer = new Timer(label, task, delayNanos);
        timers.add(timer);
        return timer;
    }

    /** Returns the backoffs asked for so far, in nanoseconds, first first. */
    List<Long> backoffs() {
        return backoffs;
    }

    /** Returns the timers scheduled so far, first first. */
    List<Timer> timers() {
        return timers;
    }

    /** A timer the test fires by hand. */
    static final class Timer implements Cancellable {
        final String label;
        final Runnable task;
        final long delayNanos;
        private boolean cancelled;
        private boolean fired;

        Timer(String label, Runnable task, long delayNanos) {
            this.label = label;
            this.task = task;
            this.delayNanos = delayNanos;
        }

        /** Runs the task, as the loop would once its delay passed, unless cancelled. */
        void fire() {
            if (!cancelled && !fired) {
                fired = true;
                task.run();
            }
        }

        @Override
        public boolean cancel() {
            if (cancelled || fired) {
                return false;
            }
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }

    /** Grants the waiting readmission its slot: its continuation runs. */
    void admit() {
        if (whenAdmitted == null) {
            throw new IllegalStateException("nothing waits for a slot");
        }
        Runnable then = whenAdmitted;
        whenAdmitted = null;
        then.run();
    }

    /** Returns true while a readmission waits for a slot. */
    boolean isWaiting() {
        return whenAdmitted != null;
    }

    /** Returns the next hops readmitted so far, first first. */
    List<ExchangeSpec> readmitted() {
        return readmitted;
    }

    /** Returns how many sends were counted. */
    int sends() {
        return sends;
    }
}
