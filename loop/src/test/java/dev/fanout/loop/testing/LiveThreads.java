package dev.fanout.loop.testing;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** Counts and lists the JVM's live threads, for tests that check nothing is left running. */
public final class LiveThreads {

    private LiveThreads() {}

    /** Returns the live threads that {@code filter} accepts. */
    public static List<Thread> matching(Predicate<Thread> filter) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && filter.test(t))
                .toList();
    }

    /** Returns the live threads named {@code name}. */
    public static List<Thread> named(String name) {
        return matching(t -> t.getName().equals(name));
    }

    /** Returns how many live threads {@code filter} accepts. */
    public static int count(Predicate<Thread> filter) {
        return matching(filter).size();
    }

    /**
     * Tells whether {@code thread} is not one of an embedded test server's own, which grow with
     * the load they serve: Jetty's pool ("qtp...") and WireMock's response executor ("pool-N-thread-M").
     */
    public static boolean outsideTheTestServer(Thread thread) {
        return !thread.getName().startsWith("qtp") && !thread.getName().startsWith("pool-");
    }

    /** Returns the live threads now, to compare with later through {@link #namesBut}. */
    public static Set<Thread> snapshot() {
        return Set.copyOf(matching(t -> true));
    }

    /** Returns the names of the live threads that are not in {@code before}. */
    public static List<String> namesBut(Set<Thread> before) {
        return matching(t -> !before.contains(t)).stream().map(Thread::getName).toList();
    }
}
