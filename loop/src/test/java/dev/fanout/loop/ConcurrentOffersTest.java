package dev.fanout.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.loop.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tasks and timers offered from many threads at once each run exactly once. */
class ConcurrentOffersTest {

    private static final int THREADS = 8;
    private static final int TASKS = 100_000;
    private static final int TIMERS = 10_000;

    private final Loop loop = Loop.start("concurrent-offers-loop");

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void everyTaskAndTimerOfferedFromEightThreadsRunsExactlyOnce() throws Exception {
        int[] runs = new int[TASKS + TIMERS]; // touched only on the loop thread
        CountDownLatch allRan = new CountDownLatch(TASKS + TIMERS);
        CyclicBarrier go = new CyclicBarrier(THREADS);
        List<Thread> offerers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int first = t;
            Thread offerer = new Thread(
                    () -> {
                        awaitBarrier(go);
                        for (int id = first; id < TASKS + TIMERS; id += THREADS) {
                            int n = id;
                            Runnable task = () -> {
                                runs[n]++;
                                allRan.countDown();
                            };
                            if (id < TASKS) {
                                loop.execute(task);
                            } else {
                                loop.schedule(task, Duration.ofMillis(n % 50));
                            }
                        }
                    },
                    "offerer-" + t);
            offerer.start();
            offerers.add(offerer);
        }
        for (Thread offerer : offerers) {
            offerer.join(TimeUnit.SECONDS.toMillis(60));
        }

        Await.latch("every task and timer ran", Duration.ofSeconds(60), allRan);
        int[] seen = loop.submit(runs::clone).get(10, TimeUnit.SECONDS);
        assertThat(IntStream.of(seen).filter(count -> count != 1).count())
                .as("tasks that ran other than once")
                .isZero();
        assertThat(loop.stats().tasksRun()).isGreaterThanOrEqualTo(TASKS + TIMERS);
    }

    private static void awaitBarrier(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
