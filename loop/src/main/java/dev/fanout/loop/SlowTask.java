package dev.fanout.loop;

import java.time.Duration;
import java.util.Objects;

/**
 * One task or timer that held the loop thread longer than the loop's slow-task threshold.
 *
 * @param loopName the name of the loop (and of its thread)
 * @param label what ran: the label given to {@link Loop#execute(String, Runnable)} and its
 *     kin, or else the task's class
 * @param duration how long it held the loop thread
 */
public record SlowTask(String loopName, String label, Duration duration) {

    /** Checks that no component is null. */
    public SlowTask {
        Objects.requireNonNull(loopName, "loopName");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(duration, "duration");
    }
}
