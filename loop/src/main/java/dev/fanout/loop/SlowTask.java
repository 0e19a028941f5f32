package dev.fanout.loop;

import java.time.Duration;
import java.util.Objects;

/**
 * A task or timer and how long it has held its loop's thread: one that ended past the loop's
 * slow-task threshold ({@code finished()} true), or one still running, as reported by the
 * watchdog while it stays stuck and by {@link Loop#runningTask()} ({@code finished()} false).
 *
 * <p>Immutable, so thread-safe.
 *
 * @param loopName the name of the loop (and of its thread)
 * @param label what ran: the label given to {@link Loop#execute(String, Runnable)} and its
 *     kin, or else the task's class
 * @param duration how long it held the loop thread: in all if finished, so far if not
 * @param finished true if the task had returned when this was taken; false while it still runs
 */
public record SlowTask(String loopName, String label, Duration duration, boolean finished) {

    /** Checks that no component is null. */
    public SlowTask {
        Objects.requireNonNull(loopName, "loopName");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(duration, "duration");
    }

    /** Describes a task that has finished after holding the loop thread for {@code duration}. */
    public SlowTask(String loopName, String label, Duration duration) {
        this(loopName, label, duration, true);
    }
}
