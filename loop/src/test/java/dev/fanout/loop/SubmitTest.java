package dev.fanout.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** submit() completes its future with the task's value or failure, on the loop thread. */
class SubmitTest {

    private final Loop loop = Loop.start("submit-test-loop");

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void submitCompletesTheFutureWithTheValue() throws Exception {
        CompletableFuture<String> future =
                loop.submit(() -> "on " + Thread.currentThread().getName());

        assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo("on submit-test-loop");
    }

    @Test
    void submitFailsTheFutureWithWhatTheTaskThrew() {
        CompletableFuture<Object> future = loop.submit(() -> {
            throw new IOException("no such thing");
        });

        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(IOException.class)
                .hasMessage("no such thing");
    }

    @Test
    void stagesChainedToTheFutureRunOnTheLoopThread() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        loop.execute(() -> await(hold)); // keep the task below from completing before we chain
        CompletableFuture<Thread> chained = loop.submit(() -> 1).thenApply(one -> Thread.currentThread());
        hold.countDown();

        assertThat(chained.get(10, TimeUnit.SECONDS)).isSameAs(loop.thread());
    }

    @Test
    void aFutureCancelledBeforeItsTaskStartsSkipsTheTask() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        AtomicBoolean ran = new AtomicBoolean();
        loop.execute(() -> await(hold));
        CompletableFuture<Object> future = loop.submit(() -> {
            ran.set(true);
            return null;
        });

        assertThat(future.cancel(false)).isTrue();
        hold.countDown();
        loop.submit(() -> null).get(10, TimeUnit.SECONDS);

        assertThat(ran).isFalse();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
