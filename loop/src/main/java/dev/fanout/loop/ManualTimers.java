package dev.fanout.loop;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The timers of a loop built with a {@link ManualClock}: kept here, in place of Netty's
 * scheduler, and fired by {@link ManualClock#advance}.
 *
 * <p>Threading: {@link #schedule} may be called on any thread; it hands the timer over through
 * a concurrent queue, which the loop thread drains into a heap that only it touches, so that a
 * timer scheduled before an advance is called is seen by that advance. {@link #advance} may be
 * called on any thread and does its work on the loop thread.
 */
final class ManualTimers {

    private static final Comparator<Timer> DEADLINE_ORDER =
            Comparator.<Timer>comparingLong(t -> t.deadline).thenComparingLong(t -> t.sequence);

    private final Loop loop;
    private final ManualClock clock;
    private final AtomicLong sequence = new AtomicLong();
    private final Queue<Timer> incoming = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> heap = new PriorityQueue<>(DEADLINE_ORDER); // loop-confined
    private boolean advancing; // loop-confined

    ManualTimers(Loop loop, ManualClock clock) {
        this.loop = loop;
        this.clock = clock;
    }

    Loop loop() {
        return loop;
    }

    /** Starts a timer that runs {@code timed} once the clock has passed {@code delayNanos} from now. */
    Cancellable schedule(Runnable timed, long delayNanos) {
        Timer timer = new Timer(timed, ManualClock.plus(clock.nanoTime(), delayNanos), sequence.getAndIncrement());
        incoming.add(timer);
        return timer;
    }

    /**
     * Moves the clock by {@code nanos}, firing the due timers on the loop thread, and waits for
     * that when called elsewhere; returns false, having done nothing, if the loop is closed.
     */
    boolean advance(long nanos) {
        if (loop.inLoop()) {
            run(nanos);
            return true;
        }
        CompletableFuture<Void> done;
        try {
            done = loop.submit("fanout: ManualClock.advance", () -> {
                run(nanos);
                return null;
            });
        } catch (RejectedExecutionException closed) {
            return false;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    done.get();
                    return true;
                } catch (InterruptedException e) {
                    interrupted = true; // the timers are running: wait for them still
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run(long nanos) {
        if (advancing) {
            throw new IllegalStateException("ManualClock.advance called from a timer that an advance runs"
                    + " (expected: from the test, or from a task)");
        }
        advancing = true;
        try {
            long target = ManualClock.plus(clock.nanoTime(), nanos);
            while (true) {
                for (Timer t; (t = incoming.poll()) != null; ) {
                    heap.add(t);
                }
                Timer next = heap.peek();
                if (next == null || next.deadline > target) {
                    break;
                }
                heap.poll();
                clock.moveTo(next.deadline); // a timer reads its own deadline as the time
                next.fire();
            }
            clock.moveTo(target);
        } finally {
            advancing = false;
        }
    }

    /** One timer: pending until it fires or is cancelled, whichever comes first. */
    private static final class Timer implements Cancellable {
        private static final int PENDING = 0;
        private static final int FIRED = 1;
        private static final int CANCELLED = 2;

        private final Runnable timed;
        private final long deadline;
        private final long sequence;
        private final AtomicInteger state = new AtomicInteger(PENDING);

        Timer(Runnable timed, long deadline, long sequence) {
            this.timed = timed;
            this.deadline = deadline;
            this.sequence = sequence;
        }

        void fire() {
            if (state.compareAndSet(PENDING, FIRED)) {
                timed.run(); // timed by the loop, which logs and swallows what it throws
            }
        }

        @Override
        public boolean cancel() {
            return state.compareAndSet(PENDING, CANCELLED);
        }

        @Override
        public boolean isCancelled() {
            return state.get() == CANCELLED;
        }

        @Override
        public String toString() {
            return "timer(" + timed + ")";
        }
    }
}
