package dev.fanout.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.loop.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** close() ends the loop thread once queued tasks have run, rejects new work, and is safe to call twice or on the loop. */
class CloseTest {

    @Test
    void closeEndsTheThreadAndRejectsNewWorkByName() {
        Loop loop = Loop.start("closing-loop");
        Thread thread = loop.thread();

        loop.close();

        assertThat(thread.isAlive()).isFalse();
        assertThat(loop.isClosed()).isTrue();
        assertThatThrownBy(() -> loop.execute(() -> {}))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessage("loop 'closing-loop' is closed");
        assertThatThrownBy(() -> loop.submit(() -> 1)).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> loop.schedule(() -> {}, Duration.ZERO)).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void tasksAlreadyQueuedStillRunBeforeTheThreadEnds() throws Exception {
        Loop loop = Loop.start("draining-loop");
        CountDownLatch hold = new CountDownLatch(1);
        List<Integer> ran = new CopyOnWriteArrayList<>();
        loop.execute(() -> {
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < 100; i++) {
            int n = i;
            loop.execute(() -> ran.add(n));
        }

        CompletableFuture<Void> closing = CompletableFuture.runAsync(loop::close);
        hold.countDown();
        closing.get(20, TimeUnit.SECONDS);

        assertThat(ran).hasSize(100).isSorted();
        assertThat(loop.thread().isAlive()).isFalse();
    }

    @Test
    void closeIsIdempotent() {
        Loop loop = Loop.start("twice-closed-loop");

        loop.close();
        loop.close();

        assertThat(loop.thread().isAlive()).isFalse();
    }

    @Test
    void closeCalledOnTheLoopThreadDoesNotDeadlock() throws Exception {
        Loop loop = Loop.start("self-closing-loop");
        CompletableFuture<Boolean> returned = new CompletableFuture<>();

        loop.execute(() -> {
            loop.close();
            returned.complete(true);
        });

        assertThat(returned.get(10, TimeUnit.SECONDS)).isTrue();
        loop.thread().join(TimeUnit.SECONDS.toMillis(10));
        assertThat(loop.thread().isAlive()).isFalse();
    }

    @Test
    void theLastTasksMayStillHandWorkToEachOtherWhileTheLoopDrains() throws Exception {
        Loop loop = Loop.start("handing-on-loop");
        CountDownLatch secondRan = new CountDownLatch(1);

        loop.execute(() -> {
            loop.close();
            loop.execute(secondRan::countDown); // from the loop thread: accepted while draining
        });

        Await.latch("the second task ran", secondRan);
    }

    @Test
    void timersNotYetDueAreDroppedOnClose() throws Exception {
        Loop loop = Loop.start("timer-dropping-loop");
        CountDownLatch fired = new CountDownLatch(1);
        loop.schedule(fired::countDown, Duration.ofSeconds(30));

        loop.close();

        assertThat(loop.thread().isAlive()).isFalse();
        assertThat(fired.getCount()).isEqualTo(1);
    }
}
