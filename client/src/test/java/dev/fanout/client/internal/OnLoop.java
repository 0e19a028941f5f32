package dev.fanout.client.internal;

import dev.fanout.loop.Loop;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Runs a test's step on a loop's thread, where loop-confined classes must be used, and waits for it. */
final class OnLoop {

    private OnLoop() {}

    /** Runs {@code task} on {@code loop}'s thread and returns its result. */
    static <T> T get(Loop loop, Callable<T> task) throws Exception {
        return loop.submit(task).get(10, TimeUnit.SECONDS);
    }

    /** Runs {@code task} on {@code loop}'s thread. */
    static void run(Loop loop, Runnable task) throws Exception {
        get(loop, () -> {
            task.run();
            return null;
        });
    }
}
