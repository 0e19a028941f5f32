package dev.fanout.loop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every open loop whose slow-task threshold is not zero from one JVM-wide daemon thread,
 * {@value Loop#WATCHDOG_THREAD_NAME}, as Vert.x's blocked-thread checker does: a task that has
 * run past its loop's threshold is reported while it runs, with the loop thread's stack, at
 * 1x, 2x, 4x... the threshold (one minute apart at most), for as long as it stays stuck.
 *
 * <p>The thread starts with the first watched loop and ends with the last: once every loop is
 * closed, no watchdog thread is left. It wakes every quarter of the smallest threshold it
 * watches (between {@value #MIN_POLL_MILLIS} ms and {@value #MAX_POLL_MILLIS} ms) and reads
 * what each loop runs now; the loops never wait for it.
 *
 * <p>Threading: {@link #watch} and {@link #unwatch} may be called from any thread (they take a
 * JVM-wide lock, briefly, when a loop starts or closes, never per task); stuck warnings and
 * their {@link SlowTask} reports are made on the watchdog thread.
 */
final class Watchdog implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Loop.class);

    static final long MIN_POLL_MILLIS = 10;
    static final long MAX_POLL_MILLIS = 1_000;
    private static final long MAX_WARNING_GAP_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final long STOP_WAIT_MILLIS = 1_000;

    private static final Object LOCK = new Object();
    private static final List<Watched> watched = new ArrayList<>(); // guarded by LOCK
    private static Watchdog current; // guarded by LOCK; null when no loop is watched

    private final Thread thread;
    private volatile Watched[] loops = {};
    private volatile long pollNanos;
    private volatile boolean stopped;

    /** One loop as the watchdog sees it: its thread, its timing, and the task last warned about. */
    static final class Watched {
        private final Thread thread;
        private final TaskTiming timing;
        // Written by the watchdog thread only; a race with a watchdog that is ending costs one warning at most.
        private TaskTiming.Timed task;
        private long nextWarningNanos;

        Watched(Thread thread, TaskTiming timing) {
            this.thread = thread;
            this.timing = timing;
        }

        Thread thread() {
            return thread;
        }

        TaskTiming timing() {
            return timing;
        }
    }

    private Watchdog() {
        // No inherited thread-locals: the watchdog outlives whichever thread started it.
        thread = new Thread(null, this, Loop.WATCHDOG_THREAD_NAME, 0, false);
        thread.setDaemon(true);
    }

    /** Watches the loop running on {@code loopThread}, starting the watchdog thread if needed; a zero threshold is not watched. */
    static void watch(Thread loopThread, TaskTiming timing) {
        if (timing.thresholdNanos() == 0) {
            return;
        }
        synchronized (LOCK) {
            watched.add(new Watched(loopThread, timing));
            if (current == null) {
                current = new Watchdog();
                current.publish();
                current.thread.start();
            } else {
                current.publish();
                LockSupport.unpark(current.thread); // a smaller threshold takes effect now
            }
        }
    }

    /**
     * Stops watching {@code timing}'s loop; when it was the last, ends the watchdog thread and
     * waits (a moment at most) until it has ended.
     */
    static void unwatch(TaskTiming timing) {
        Thread ended = remove(timing);
        if (ended != null && ended != Thread.currentThread()) {
            try {
                ended.join(STOP_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Returns the watchdog's thread, or null when no loop is watched. */
    static Thread thread() {
        synchronized (LOCK) {
            return current == null ? null : current.thread;
        }
    }

    /** Removes {@code timing}'s loop; returns the watchdog thread if this stopped it, else null. */
    private static Thread remove(TaskTiming timing) {
        synchronized (LOCK) {
            if (!watched.removeIf(w -> w.timing() == timing) || current == null) {
                return null;
            }
            Watchdog watchdog = current;
            watchdog.publish();
            if (!watched.isEmpty()) {
                return null;
            }
            current = null;
            watchdog.stopped = true;
            LockSupport.unpark(watchdog.thread);
            return watchdog.thread;
        }
    }

    /** Hands the watched loops and the poll interval to the watchdog thread; called under LOCK. */
    private void publish() {
        long smallest = Long.MAX_VALUE;
        for (Watched w : watched) {
            smallest = Math.min(smallest, w.timing().thresholdNanos());
        }
        pollNanos = Math.max(
                TimeUnit.MILLISECONDS.toNanos(MIN_POLL_MILLIS),
                Math.min(TimeUnit.MILLISECONDS.toNanos(MAX_POLL_MILLIS), smallest / 4));
        loops = watched.toArray(new Watched[0]);
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                for (Watched w : loops) {
                    if (w.thread().isAlive()) {
                        checkSafely(w);
                    } else {
                        remove(w.timing()); // closed from its own thread: nobody else will say it ended
                    }
                }
                LockSupport.parkNanos(this, pollNanos);
            }
        } finally {
            synchronized (LOCK) {
                if (current == this) {
                    current = null; // ended by an Error: the next loop to start starts a new watchdog
                }
            }
        }
    }

    /** Checks one loop; a failure (a logger's, say) is logged and does not stop the watch over the others. */
    private void checkSafely(Watched w) {
        try {
            check(w);
        } catch (RuntimeException e) {
            log.warn("Loop '{}': the watchdog failed to check it", w.timing().loopName(), e);
        }
    }

    /** Warns if the task {@code w} runs now has run past its next warning time. */
    private void check(Watched w) {
        TaskTiming timing = w.timing();
        TaskTiming.Timed task = timing.running();
        if (task == null) {
            w.task = null; // idle: let go of the last task warned about
            return;
        }
        long ranNanos = timing.runningNanos();
        long threshold = timing.thresholdNanos();
        long due = task == w.task ? w.nextWarningNanos : threshold;
        if (ranNanos < due) {
            return;
        }
        StackTraceElement[] stack = w.thread().getStackTrace();
        if (timing.running() != task) {
            return; // it returned while the stack was taken: the stack would show something else
        }
        w.task = task;
        w.nextWarningNanos = nextWarning(due, ranNanos, threshold);
        SlowTask stuck = new SlowTask(timing.loopName(), task.toString(), Duration.ofNanos(ranNanos), false);
        log.warn(
                "Loop '{}': task '{}' has held the loop thread for {} ms so far (threshold {} ms) and has not"
                        + " returned; every request on this loop waits. The loop thread's stack:",
                stuck.loopName(),
                stuck.label(),
                ranNanos / 1_000_000,
                threshold / 1_000_000,
                new LoopThreadStack(
                        "loop thread '" + stuck.loopName() + "' in task '" + stuck.label() + "' after "
                                + stuck.duration().toMillis() + " ms",
                        stack));
        timing.tell(stuck);
    }

    /** Returns the next warning time after {@code due}: double the last, a minute apart at most, past {@code ranNanos}. */
    static long nextWarning(long due, long ranNanos, long threshold) {
        long next = due;
        while (next <= ranNanos) {
            long gap = Math.min(next, Math.max(MAX_WARNING_GAP_NANOS, threshold));
            next = next > Long.MAX_VALUE - gap ? Long.MAX_VALUE : next + gap;
        }
        return next;
    }

    /** The stack of a stuck loop thread, logged the way an exception's stack is. */
    static final class LoopThreadStack extends Throwable {
        private static final long serialVersionUID = 1L;

        LoopThreadStack(String message, StackTraceElement[] stack) {
            super(message, null, false, true);
            setStackTrace(stack);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // the watchdog's own stack says nothing: setStackTrace gives the loop thread's
        }
    }
}
