package dev.fanout.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the threads a client adds to the JVM, by looking, not by trusting the documentation.
 *
 * <p>{@link #before(ThreadGroup)} notes every live thread before the client is built; each
 * {@link #sample()} (the command takes one after the batch starts, one every repaint while it
 * waits, and one at the end) records the live threads that were not there before. Threads of
 * the {@code ignored} group and its subgroups are left out: the demo starts its embedded
 * server in a group of its own, so the server's request threads, which share this JVM, are
 * not counted as the client's. Separately, {@link #delivered(Thread)} notes which threads the
 * client called the result listener on.
 *
 * <p>{@code sample()} runs on the command's thread; {@code delivered} on the client's loop
 * thread (a concurrent set: cheap, never blocks for long).
 */
final class ThreadCensus {

    private final Set<Long> before;
    private final ThreadGroup ignored;
    private final Map<Long, String> added = new LinkedHashMap<>();
    private final Set<String> deliveredOn = ConcurrentHashMap.newKeySet();

    private ThreadCensus(Set<Long> before, ThreadGroup ignored) {
        this.before = before;
        this.ignored = ignored;
    }

    /** Notes the threads alive now; threads of {@code ignored} (may be null) are never counted. */
    static ThreadCensus before(ThreadGroup ignored) {
        Set<Long> ids = new HashSet<>();
        for (Thread thread : live()) {
            ids.add(thread.getId());
        }
        return new ThreadCensus(ids, ignored);
    }

    /** Records the threads alive now that were not alive before, outside the ignored group. */
    void sample() {
        for (Thread thread : live()) {
            if (!before.contains(thread.getId()) && !inIgnoredGroup(thread)) {
                added.putIfAbsent(thread.getId(), thread.getName());
            }
        }
    }

    /** Notes that a result was delivered on {@code thread}. */
    void delivered(Thread thread) {
        deliveredOn.add(thread.getName());
    }

    /** Returns the names of the threads added since {@link #before}, in the order first seen. */
    List<String> added() {
        return new ArrayList<>(added.values());
    }

    /** Returns the names of the threads results were delivered on. */
    Set<String> deliveredOn() {
        return Set.copyOf(deliveredOn);
    }

    private boolean inIgnoredGroup(Thread thread) {
        ThreadGroup group = thread.getThreadGroup();
        // A thread that has ended has no group; it is no longer alive either way.
        return group == null || (ignored != null && ignored.parentOf(group));
    }

    private static Thread[] live() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n;
        while ((n = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        return Arrays.copyOf(threads, n);
    }
}
