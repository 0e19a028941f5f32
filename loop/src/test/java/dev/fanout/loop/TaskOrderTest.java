package dev.fanout.loop;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.fanout.loop.testing.LogCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tasks run one after another, in submission order, on the loop's named thread. */
class TaskOrderTest {

    private final Loop loop = Loop.start("order-test-loop");

    // The failure thrown on purpose is logged: captured, out of the build's output.
    @RegisterExtension
    final LogCapture logged = LogCapture.of(Loop.class).capturedOnly();

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void tasksRunInSubmissionOrderOnTheLoopThread() throws Exception {
        List<Integer> order = new ArrayList<>(); // loop-confined: only tasks touch it
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            int n = i;
            loop.execute(() -> {
                order.add(n);
                threads.add(Thread.currentThread());
            });
        }

        List<Integer> seen = loop.submit(() -> new ArrayList<>(order)).get(10, TimeUnit.SECONDS);

        assertThat(seen).hasSize(1_000).isSorted();
        assertThat(loop.submit(() -> threads.stream().distinct().toList()).get(10, TimeUnit.SECONDS))
                .containsExactly(loop.thread());
    }

    @Test
    void theThreadTakesTheLoopsNameAndInLoopTellsItApart() throws Exception {
        assertThat(loop.thread().getName()).isEqualTo("order-test-loop");
        assertThat(loop.thread().isAlive()).isTrue();
        assertThat(loop.inLoop()).isFalse();
        assertThat(loop.submit(loop::inLoop).get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(loop.name()).isEqualTo("order-test-loop");
    }

    @Test
    void aTaskThatThrowsDoesNotStopTheLoop() throws Exception {
        loop.execute("throws on purpose", () -> {
            throw new IllegalStateException("boom");
        });

        assertThat(loop.submit(() -> "still running").get(10, TimeUnit.SECONDS)).isEqualTo("still running");
        // Read on the loop thread: the two tasks before this one are counted by then.
        assertThat(loop.submit(() -> loop.stats().tasksRun()).get(10, TimeUnit.SECONDS))
                .isEqualTo(2);
        assertThat(logged.at(Level.WARN)).singleElement().satisfies(e -> {
            assertThat(e.getFormattedMessage()).contains("throws on purpose");
            assertThat(e.getThrowableProxy().getMessage()).isEqualTo("boom");
        });
    }
}
