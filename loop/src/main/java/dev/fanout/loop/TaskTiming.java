package dev.fanout.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times the tasks of one loop: counts them, reports each that held the loop past the slow-task
 * threshold once it ends, and publishes the one running now, for {@link Loop#runningTask()} and
 * the {@link Watchdog}.
 *
 * <p>Threading: {@link #wrap} may be called on any thread; the wrapped tasks run on the loop
 * thread, which alone writes the counters and the running task. Both are published with
 * release stores (a plain store on x86, no fence, no lock) and read elsewhere with acquire
 * loads: what another thread reads may be a moment old, never torn.
 */
final class TaskTiming {

    // Loop's logger, so that a configuration naming dev.fanout.loop.Loop covers every warning.
    private static final Logger log = LoggerFactory.getLogger(Loop.class);

    private static final VarHandle RUNNING;
    private static final VarHandle RUNNING_SINCE;
    private static final VarHandle TASKS_RUN;
    private static final VarHandle SLOW_TASKS;
    private static final VarHandle LONGEST_NANOS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            RUNNING = lookup.findVarHandle(TaskTiming.class, "running", Timed.class);
            RUNNING_SINCE = lookup.findVarHandle(TaskTiming.class, "runningSince", long.class);
            TASKS_RUN = lookup.findVarHandle(TaskTiming.class, "tasksRun", long.class);
            SLOW_TASKS = lookup.findVarHandle(TaskTiming.class, "slowTasks", long.class);
            LONGEST_NANOS = lookup.findVarHandle(TaskTiming.class, "longestNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String loopName;
    private final long thresholdNanos; // 0: off
    private final Consumer<SlowTask> listener; // may be null

    // Written by the loop thread only, through the VarHandles above.
    @SuppressWarnings("unused")
    private Timed running;
    // When the running task started (System.nanoTime()); stored before running, so that a reader
    // who sees a task sees its start or a later task's, and understates how long it has run rather
    // than overstate it (but for the moment when a runNow callback returns to its caller). Here
    // rather than in each Timed: a task wrapper stays as small as before the watchdog.
    @SuppressWarnings("unused")
    private long runningSince;

    @SuppressWarnings("unused")
    private long tasksRun;

    @SuppressWarnings("unused")
    private long slowTasks;

    @SuppressWarnings("unused")
    private long longestNanos;

    TaskTiming(String loopName, Duration threshold, Consumer<SlowTask> listener) {
        this.loopName = loopName;
        this.thresholdNanos = threshold.toNanos();
        this.listener = listener;
    }

    /** Returns the name of the loop whose tasks these are. */
    String loopName() {
        return loopName;
    }

    /** Returns the slow-task threshold in nanoseconds; 0 when reporting is off. */
    long thresholdNanos() {
        return thresholdNanos;
    }

    /** Returns {@code task} wrapped so that it is timed; named by {@code label}, else by namedBy's class. */
    Timed wrap(String label, Object namedBy, Runnable task) {
        return new Timed(label, namedBy, task);
    }

    /** Returns the task running on the loop thread now (the innermost, under runNow), or null. */
    Timed running() {
        return (Timed) RUNNING.getAcquire(this);
    }

    /**
     * Returns how long the task found by {@link #running()} has run, in nanoseconds: read after
     * it, this is that task's time or, if the loop moved on meanwhile, a later task's (shorter).
     */
    long runningNanos() {
        return Math.max(0, System.nanoTime() - (long) RUNNING_SINCE.getOpaque(this));
    }

    /** Returns a snapshot of the counters. */
    LoopStats stats(int pendingTasks) {
        return new LoopStats(
                (long) TASKS_RUN.getAcquire(this),
                (long) SLOW_TASKS.getAcquire(this),
                Duration.ofNanos((long) LONGEST_NANOS.getAcquire(this)),
                pendingTasks);
    }

    /** Tells the listener of {@code slow}, on the calling thread; a failing listener is logged. */
    void tell(SlowTask slow) {
        if (listener != null) {
            try {
                listener.accept(slow);
            } catch (RuntimeException e) {
                log.warn("Loop '{}': slow-task listener failed", loopName, e);
            }
        }
    }

    /** Names a task by its class, for tasks offered without a label. */
    static String labelOf(Object task) {
        String className = task.getClass().getName();
        int lambda = className.indexOf("$$Lambda");
        return lambda >= 0 ? className.substring(0, lambda) + " (lambda)" : className;
    }

    private void finished(Timed timed, long nanos) {
        // Plain reads of fields only this thread writes; release stores publish the new values.
        TASKS_RUN.setRelease(this, (long) TASKS_RUN.get(this) + 1);
        if (nanos > (long) LONGEST_NANOS.get(this)) {
            LONGEST_NANOS.setRelease(this, nanos);
        }
        if (thresholdNanos > 0 && nanos >= thresholdNanos) {
            SLOW_TASKS.setRelease(this, (long) SLOW_TASKS.get(this) + 1);
            SlowTask slow = new SlowTask(loopName, timed.toString(), Duration.ofNanos(nanos));
            log.warn(
                    "Loop '{}': task '{}' held the loop thread for {} ms (threshold {} ms); every request on"
                            + " this loop waited. A task or callback on the loop thread must not block, and long"
                            + " work belongs in short tasks.",
                    loopName,
                    slow.label(),
                    nanos / 1_000_000,
                    thresholdNanos / 1_000_000);
            tell(slow);
        }
    }

    /** A task wrapped so that the loop times it and publishes it while it runs. */
    final class Timed implements Runnable {
        private final String label;
        private final Object namedBy;
        private final Runnable task;

        private Timed(String label, Object namedBy, Runnable task) {
            this.label = label;
            this.namedBy = namedBy;
            this.task = task;
        }

        @Override
        public void run() {
            // Under runNow, the task that called it: running again once this one returns.
            Timed outer = (Timed) RUNNING.get(TaskTiming.this);
            long outerSince = (long) RUNNING_SINCE.get(TaskTiming.this);
            long start = System.nanoTime();
            RUNNING_SINCE.setOpaque(TaskTiming.this, start);
            RUNNING.setRelease(TaskTiming.this, this);
            try {
                task.run();
            } catch (Throwable t) {
                log.warn("Loop '{}': task '{}' failed", loopName, this, t);
            } finally {
                long nanos = System.nanoTime() - start;
                if (outer != null) {
                    RUNNING_SINCE.setOpaque(TaskTiming.this, outerSince);
                }
                RUNNING.setRelease(TaskTiming.this, outer);
                finished(this, nanos);
            }
        }

        /** Returns the task's label, or its class's name when it was offered without one. */
        @Override
        public String toString() {
            return label != null ? label : labelOf(namedBy);
        }
    }
}
