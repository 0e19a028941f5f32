package dev.fanout.loop;

import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says what a {@link Loop#close()} that ran out of time could not finish: the task that holds
 * the loop thread, how long it has held it, and the thread's stack.
 *
 * <p>Thread-safe: stateless; called on the thread that called {@code close()}.
 */
final class CloseReport {

    private static final Logger log = LoggerFactory.getLogger(Loop.class);

    private CloseReport() {}

    /** Warns that {@code loop}'s thread is still running after {@code waited}, naming what holds it. */
    static void unfinished(Loop loop, Duration waited, int pendingTasks) {
        Optional<SlowTask> holding = loop.runningTask();
        Throwable stack = new Watchdog.LoopThreadStack(
                "loop thread '" + loop.name() + "' at close", loop.thread().getStackTrace());
        if (holding.isPresent()) {
            SlowTask task = holding.get();
            log.warn(
                    "Loop '{}': close() waited {} ms and returns with the loop thread still running: task '{}'"
                            + " has held it for {} ms and has not returned. The loop thread ends when that task {}."
                            + " The loop thread's stack:",
                    loop.name(),
                    waited.toMillis(),
                    task.label(),
                    task.duration().toMillis(),
                    pendingTasks > 0 ? "returns and the tasks queued behind it have run" : "returns",
                    stack);
        } else {
            log.warn(
                    "Loop '{}': close() waited {} ms and returns with the loop thread still running, outside"
                            + " any task the loop timed (in a channel handler, say). The loop thread ends once"
                            + " it returns and the tasks queued behind it have run. The loop thread's stack:",
                    loop.name(),
                    waited.toMillis(),
                    stack);
        }
    }
}
