package dev.fanout.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.fanout.loop.testing.Await;
import dev.fanout.loop.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** close() from another thread waits a bounded time for a stuck loop, then says what holds it. */
class BoundedCloseTest {

    // The warnings these tests provoke on purpose stay out of the build's output.
    @RegisterExtension
    final LogCapture logged = LogCapture.of(Loop.class).capturedOnly();

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void release() {
        release.countDown();
    }

    @Test
    void closeOfAStuckLoopReturnsAfterItsBoundNamingTheTaskAndTheThreadEndsOnceTheTaskReturns() throws Exception {
        Loop loop = Loop.builder()
                .name("stuck-at-close-loop")
                .closeTimeout(Duration.ofMillis(300))
                .start();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch queuedRan = new CountDownLatch(1);
        loop.execute("hold the loop until released", () -> {
            started.countDown();
            holdUntilReleased();
        });
        loop.execute("queued behind it", queuedRan::countDown);
        Await.latch("the holding task started", started);

        // The task holds the loop for up to 30 s: close() returning well before proves its bound.
        CompletableFuture.runAsync(loop::close).get(10, TimeUnit.SECONDS);

        assertThat(loop.thread().isAlive()).isTrue();
        assertThat(closeWarnings()).singleElement().satisfies(e -> {
            assertThat(e.getFormattedMessage())
                    .contains(
                            "stuck-at-close-loop",
                            "close() waited 300 ms",
                            "'hold the loop until released'",
                            "ends when that task returns",
                            "queued behind it");
            assertThat(e.getThrowableProxy().getStackTraceElementProxyArray())
                    .anyMatch(f -> f.getSTEAsString().contains("BoundedCloseTest.holdUntilReleased"));
        });

        release.countDown();
        loop.thread().join(TimeUnit.SECONDS.toMillis(10));
        assertThat(loop.thread().isAlive()).isFalse();
        assertThat(queuedRan.getCount()).isZero(); // queued tasks still ran before the thread ended
    }

    @Test
    void closeOfAHealthyLoopSaysNothing() {
        Loop loop = Loop.builder()
                .name("healthy-close-loop")
                .closeTimeout(Duration.ofSeconds(5))
                .start();
        loop.execute("quick", () -> {});

        loop.close();

        assertThat(loop.thread().isAlive()).isFalse();
        assertThat(logged.at(Level.WARN)).isEmpty();
    }

    @Test
    void theCloseTimeoutMustBePositive() {
        assertThatThrownBy(() -> Loop.builder().closeTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("closeTimeout: PT0S (expected: > 0)");
        assertThatThrownBy(() -> Loop.builder().closeTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("closeTimeout: PT-0.001S (expected: > 0)");
    }

    private List<ILoggingEvent> closeWarnings() {
        return logged.at(Level.WARN).stream()
                .filter(e -> e.getFormattedMessage().contains("close()"))
                .toList();
    }

    private void holdUntilReleased() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
