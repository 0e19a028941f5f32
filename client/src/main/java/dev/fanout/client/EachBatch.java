package dev.fanout.client;

import dev.fanout.client.internal.BatchCollector;
import dev.fanout.loop.Loop;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A batch whose results are handed on, not kept ({@link FanoutClient#sendEach}): each goes to
 * the caller's consumer as it completes, and the batch keeps only its numbers (a
 * {@link BatchStats.Tally}, 8 bytes a request). A batch of 100,000 bodies is then never in
 * memory at once unless the consumer keeps it.
 *
 * <p>The tally is the loop's: it is counted in the same listener call that hands the result on,
 * and read for the stats when the last one has been handed on, on the loop thread.
 */
final class EachBatch {

    /** As {@link Batch}'s: how long an interrupted caller waits for the loop to cancel the rest. */
    private static final Duration LOOP_GRACE = Loop.DEFAULT_SLOW_TASK_THRESHOLD;

    private final Loop loop;
    private final BatchCollector collector;
    private final CompletableFuture<BatchStats> stats = new CompletableFuture<>();
    private final Runnable launch;

    /**
     * Sets up {@code collector}, whose last result completes {@code done}, to hand each result
     * to {@code each}; {@code launch} hands it to the loop, once the caller may wait for it.
     */
    EachBatch(
            Loop loop,
            BatchCollector collector,
            CompletableFuture<List<Result>> done,
            Consumer<Result> each,
            Runnable launch) {
        Objects.requireNonNull(each, "each");
        this.loop = loop;
        this.collector = collector;
        this.launch = launch;
        BatchStats.Tally tally = new BatchStats.Tally(collector.size());
        collector.streamTo(r -> {
            tally.add(r);
            each.accept(r);
        });
        done.whenComplete((none, failure) -> {
            if (failure != null) {
                stats.completeExceptionally(failure);
            } else {
                stats.complete(tally.stats());
            }
        });
        if (collector.size() == 0) {
            done.complete(List.of());
        }
    }

    /**
     * Hands the batch to the loop and returns a future of its numbers, completed on the loop
     * thread once every result was handed on.
     */
    CompletableFuture<BatchStats> future() {
        launch.run();
        return stats.copy();
    }

    /**
     * Hands the batch to the loop, waits until every result was handed on and returns the
     * numbers. If the waiting thread is interrupted, the batch is cancelled (the unfinished
     * requests are handed on as {@code CANCELLED}), this waits for that a short while, and the
     * interrupt flag is kept.
     *
     * @throws IllegalStateException if called on the loop thread ({@code method} is named), or
     *     if interrupted and the loop did not end the batch within the grace
     */
    BatchStats await(String method) {
        loop.checkNotInLoop(method);
        launch.run();
        try {
            return stats.get();
        } catch (InterruptedException e) {
            return cancelled();
        } catch (ExecutionException e) {
            throw new IllegalStateException("batch failed", e.getCause());
        }
    }

    private BatchStats cancelled() {
        String why = "batch cancelled: the waiting thread was interrupted";
        try {
            loop.execute("fanout: cancel batch", () -> collector.cancelRemaining(ErrorKind.CANCELLED, why));
            return stats.get(LOOP_GRACE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException | TimeoutException | InterruptedException | ExecutionException e) {
            throw new IllegalStateException(
                    why + "; the loop did not end it within " + LOOP_GRACE.toMillis()
                            + " ms, and the results still to come go to the consumer when it does",
                    e);
        } finally {
            Thread.currentThread().interrupt();
        }
    }
}
