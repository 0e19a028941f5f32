package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import dev.fanout.loop.Loop;
import dev.fanout.loop.SlowTask;
import dev.fanout.loop.testing.Await;
import dev.fanout.loop.testing.LogCapture;
import dev.fanout.loop.testing.OpenFiles;
import dev.fanout.testkit.HostileServer;
import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The library's own loop tasks stay short whatever the batch's size, so that the loop's
 * slow-task warning is about the user's code only: admitting ten thousand requests, opening
 * their connections and closing the client (thousands of pooled connections) happen in small
 * pieces with I/O in between.
 *
 * <p>A stop-the-world garbage collection holds the loop thread too, inside whatever task runs;
 * under the build's paranoid leak detector on a small machine such pauses reach hundreds of
 * milliseconds. They are not the library's work: each task's time counts without the pauses
 * that fell inside it.
 */
class LibraryTasksTest {

    /** Lower than the loop's default threshold, to see (and name in a failure) how long the library's tasks get. */
    private static final Duration RECORD_FROM = Duration.ofMillis(10);

    /** How many measured rounds a scenario gets: see {@link #assertNoRoundHasALongLibraryTask}. */
    private static final int ROUNDS = 3;

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    // The loop warns about every task past RECORD_FROM: captured only, out of the build's output.
    @RegisterExtension
    final LogCapture loopWarnings = LogCapture.of(Loop.class).capturedOnly();

    private final Queue<long[]> gcPauses = new ConcurrentLinkedQueue<>(); // {start, end}, JVM uptime ms
    private final NotificationListener gcListener = (notification, handback) -> {
        if (notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
            GarbageCollectionNotificationInfo gc =
                    GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            if (!gc.getGcAction().contains("concurrent")) {
                GcInfo info = gc.getGcInfo();
                gcPauses.add(new long[] {info.getStartTime(), info.getEndTime()});
            }
        }
    };

    @BeforeEach
    void watchGarbageCollections() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener(gcListener, null, null);
        }
    }

    @AfterEach
    void stopWatching() throws ListenerNotFoundException {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).removeNotificationListener(gcListener);
        }
    }

    @Test
    void aWarmTenThousandUrlBatchAndItsCloseHoldTheLoopInNoTaskOfTheLibrary(SlowEndpoints server) {
        Queue<Timed> recorded = new ConcurrentLinkedQueue<>();
        try (Loop loop = Loop.builder()
                .name("library-tasks")
                .slowTaskThreshold(RECORD_FROM)
                .onSlowTask(t -> recorded.add(
                        new Timed(t, ManagementFactory.getRuntimeMXBean().getUptime())))
                .start()) {
            try (FanoutClient warmUp = FanoutClient.builder().loop(loop).build()) {
                assertThat(warmUp.fetchAll(server.delayed(2_000, Duration.ofMillis(1))))
                        .allMatch(Result::ok);
            }
            assertNoRoundHasALongLibraryTask(recorded, loop, () -> {
                // Twice the default per-host width: thousands of connections to open, pool and close.
                FanoutClient client = FanoutClient.builder()
                        .loop(loop)
                        .maxConnectionsPerHost(2_048)
                        .build();
                List<Result> results = client.fetchAll(server.delayed(10_000, Duration.ofMillis(1)));
                client.close();
                loop.submit(() -> null).join(); // the close's last task has been timed and reported
                assertThat(results).allMatch(Result::ok);
            });
        }
    }

    @Test
    void closingAClientWithThirtyThousandRequestsOpenHoldsTheLoopInNoTaskOfTheLibrary() {
        Queue<Timed> recorded = new ConcurrentLinkedQueue<>();
        List<Request> requests = new ArrayList<>();
        // HostileServer rather than WireMock: it closes its end of a connection as soon as the
        // client closes it, where WireMock kept the sockets of requests it never answers for over a minute.
        try (HostileServer server = HostileServer.start();
                Loop loop = Loop.builder()
                        .name("library-tasks")
                        .slowTaskThreshold(RECORD_FROM)
                        .onSlowTask(t -> recorded.add(new Timed(
                                t, ManagementFactory.getRuntimeMXBean().getUptime())))
                        .start()) {
            for (int i = 0; i < 30_000; i++) {
                requests.add(Request.get(server.silence()));
            }
            long descriptors = OpenFiles.count();
            Runnable round = () -> {
                // Each round opens 4,096 sockets at each end: the server's ends of the round before
                // must be gone first, or three rounds can run a process out of file descriptors.
                awaitDescriptorsBackTo(descriptors);
                // A loaded machine may take seconds to admit them all: startAll waits for that here.
                FanoutClient client = FanoutClient.builder()
                        .loop(loop)
                        .handoffTimeout(Duration.ofMinutes(1))
                        .maxConnectionsPerHost(FanoutClient.Builder.DEFAULT_MAX_IN_FLIGHT)
                        .build();
                Batch batch = client.startAll(requests); // 4,096 on the wire, the rest queued
                client.close();
                loop.submit(() -> null).join();
                assertThat(batch.awaitAll()).allMatch(r -> r.error().kind() == ErrorKind.CANCELLED);
            };
            round.run(); // warms up
            assertNoRoundHasALongLibraryTask(recorded, loop, round);
        }
    }

    private static void awaitDescriptorsBackTo(long count) {
        try {
            Await.until(
                    "the last round's sockets closed", Duration.ofMinutes(1), () -> OpenFiles.count() <= count + 64);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Runs {@code round} up to {@value #ROUNDS} times and passes at the first round in which no
     * library task held the loop for the slow-task threshold. The loop's timing is wall time: on a
     * shared machine the scheduler can stop the loop thread mid-task for longer than a task's
     * work, so one long task may be the machine's. A task the library makes too big is long in
     * every round, and fails the test with each round's report.
     */
    private void assertNoRoundHasALongLibraryTask(Queue<Timed> recorded, Loop loop, Runnable round) {
        List<String> reports = new ArrayList<>();
        for (int i = 1; i <= ROUNDS; i++) {
            recorded.clear();
            round.run();
            String report = longLibraryTasks(recorded, loop);
            if (report == null) {
                return;
            }
            reports.add("round " + i + ": " + report);
        }
        throw new AssertionError("a library task held the loop for " + Loop.DEFAULT_SLOW_TASK_THRESHOLD.toMillis()
                + " ms or more (GC pauses left out) in each of " + ROUNDS + " rounds:\n" + String.join("\n", reports));
    }

    /** Returns what the library's long tasks were, or null when none reached the slow-task threshold. */
    private String longLibraryTasks(Queue<Timed> recorded, Loop loop) {
        List<String> library = new ArrayList<>();
        List<String> others = new ArrayList<>();
        long longestNet = 0;
        for (Timed t : recorded.stream()
                .sorted(Comparator.comparing((Timed t) -> t.task.duration()).reversed())
                .toList()) {
            if (isTheLibrarys(t.task)) {
                long net = t.withoutGcPauses();
                longestNet = Math.max(longestNet, net);
                library.add("'" + t.task.label() + "' " + t.task.duration().toMillis() + " ms (" + net
                        + " ms without GC pauses)");
            } else {
                others.add("'" + t.task.label() + "' " + t.task.duration().toMillis() + " ms");
            }
        }
        if (longestNet < Loop.DEFAULT_SLOW_TASK_THRESHOLD.toMillis()) {
            return null;
        }
        return "longest " + longestNet + " ms; library tasks of " + RECORD_FROM.toMillis() + " ms or more: " + library
                + "; other tasks: " + others + "; " + loop.stats();
    }

    /**
     * The library's own tasks are labelled so; an unlabelled one would be named by its class (this
     * test's own tasks are not the library's).
     */
    private static boolean isTheLibrarys(SlowTask task) {
        return task.label().startsWith("fanout: ")
                || task.label().startsWith("dev.fanout.") && !task.label().startsWith(LibraryTasksTest.class.getName());
    }

    /** A slow task and when it ended (JVM uptime, ms). */
    private final class Timed {
        final SlowTask task;
        final long endMillis;

        Timed(SlowTask task, long endMillis) {
            this.task = task;
            this.endMillis = endMillis;
        }

        /** Returns the task's time in ms without the garbage-collection pauses that fell inside it. */
        long withoutGcPauses() {
            long end = endMillis;
            long start = end - task.duration().toMillis();
            long paused = 0;
            for (long[] pause : gcPauses) {
                paused += Math.max(0, Math.min(end, pause[1]) - Math.max(start, pause[0]));
            }
            return Math.max(0, task.duration().toMillis() - paused);
        }
    }
}
