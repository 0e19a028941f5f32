package dev.fanout.client;

import dev.fanout.client.internal.BatchCollector;
import dev.fanout.client.internal.Durations;
import dev.fanout.loop.Loop;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The requests of one {@link FanoutClient#startAll} call, all started (or waiting for a slot),
 * and their results as they come: asyncio's {@code gather} and {@code as_completed} in one.
 *
 * <pre>{@code
 * Batch batch = client.startAll(requests);
 * batch.onResult(r -> progress.tick());              // on the loop thread: must not block
 * List<Result> results = batch.awaitAll(Duration.ofSeconds(5));
 * }</pre>
 *
 * <p>Thread-safe: every method may be called from any thread. Listeners, and stages chained on
 * {@link #future()} without an executor, run on the client's loop thread, where they must not
 * block: the loop times them and logs one that holds it too long, by name. The blocking methods
 * ({@link #awaitAll()}, {@link #awaitAll(Duration)}, the iterator of {@link #completions()})
 * throw {@link IllegalStateException} on the loop thread instead of deadlocking.
 */
public final class Batch {

    /**
     * How long a caller whose deadline passed waits for the loop to end the unfinished requests
     * before it settles them itself: a loop that cannot run a task in that time is held by one
     * (the threshold past which the loop reports a task as slow).
     */
    private static final Duration LOOP_GRACE = Loop.DEFAULT_SLOW_TASK_THRESHOLD;

    private final Loop loop;
    private final CompletableFuture<List<Result>> future;
    private final BatchCollector collector; // loop-confined

    Batch(Loop loop, BatchCollector collector, CompletableFuture<List<Result>> future) {
        this.loop = loop;
        this.collector = collector;
        this.future = future;
        if (collector.size() == 0) {
            future.complete(List.of());
        }
    }

    /** Returns how many requests the batch holds. */
    public int size() {
        return collector.size();
    }

    /**
     * Blocks until every request is done, then decodes each 2xx body as JSON into {@code type}
     * (with the client's {@code ObjectMapper}); a body that does not decode is that request's
     * {@link ErrorKind#DECODE} error, and the others are not lost. In input order.
     *
     * @throws IllegalStateException if called on the loop thread
     */
    public <T> List<Decoded<T>> awaitAllAs(Class<T> type) {
        Objects.requireNonNull(type, "type");
        List<Result> results = awaitAll();
        List<Decoded<T>> decoded = new ArrayList<>(results.size());
        for (Result r : results) {
            decoded.add(decode(r, type));
        }
        return decoded;
    }

    static <T> Decoded<T> decode(Result r, Class<T> type) {
        if (r.error() != null || !r.ok()) {
            return new Decoded<>(r, null, r.error());
        }
        try {
            return new Decoded<>(r, r.response().json(type), null);
        } catch (UncheckedIOException e) {
            return new Decoded<>(
                    r, null, new FetchException(ErrorKind.DECODE, r.response().url(), e.getMessage(), e.getCause()));
        }
    }

    /**
     * Waits until every request is done and returns the results, one per request, in input order.
     * If the waiting thread is interrupted, the batch is cancelled, the results (the unfinished
     * ones {@code CANCELLED}) returned, and the interrupt flag kept.
     *
     * @throws IllegalStateException if called on the loop thread
     */
    public List<Result> awaitAll() {
        loop.checkNotInLoop("awaitAll");
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return endUnfinished(ErrorKind.CANCELLED, "batch cancelled: the waiting thread was interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException("batch failed", e.getCause());
        }
    }

    /**
     * Waits until every request is done or {@code deadline} has passed, and returns the results
     * in input order. Requests still running at the deadline, waiting for a slot included, are
     * cancelled and end with kind {@code TIMEOUT}.
     *
     * <p>The deadline holds whatever the loop is doing. At the deadline the loop is asked to end
     * the unfinished requests, and is given at most {@link Loop#DEFAULT_SLOW_TASK_THRESHOLD} to
     * do it; if it cannot (a task or listener holds it), this method settles them itself as
     * {@code TIMEOUT}, each with the time from the batch's start to then as its total (its phases
     * unknown off the loop), and returns. The cancellation still follows when the loop is free;
     * the results returned here are the batch's results for everyone: its {@link #future()},
     * later listeners and {@link #stats()}.
     *
     * @throws IllegalStateException if called on the loop thread
     */
    public List<Result> awaitAll(Duration deadline) {
        Objects.requireNonNull(deadline, "deadline");
        loop.checkNotInLoop("awaitAll");
        try {
            return future.get(Math.max(0, Durations.saturatedNanos(deadline)), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return endUnfinished(ErrorKind.TIMEOUT, "batch deadline of " + deadline.toMillis() + " ms passed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return endUnfinished(ErrorKind.CANCELLED, "batch cancelled: the waiting thread was interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException("batch failed", e.getCause());
        }
    }

    /**
     * Asks the loop to end the unfinished requests with {@code kind} and waits for that a short
     * while (a free loop takes microseconds); then settles what is still unfinished here.
     */
    private List<Result> endUnfinished(ErrorKind kind, String why) {
        onLoop(
                kind == ErrorKind.TIMEOUT ? "fanout: batch deadline" : "fanout: cancel batch",
                () -> collector.cancelRemaining(kind, why));
        boolean interrupted = Thread.interrupted();
        try {
            return future.get(LOOP_GRACE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | InterruptedException | ExecutionException heldOrFailed) {
            return collector.settleUnfinished(kind, why);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Returns a future of the results, in input order, completed on the loop thread when the last
     * request is done. Cancelling or completing the returned future does not touch the batch (use
     * {@link #cancel()}).
     */
    public CompletableFuture<List<Result>> future() {
        return future.copy();
    }

    /**
     * Adds a listener called once per result as each request completes, on the loop thread, in
     * completion order; results that completed before this call are delivered at once. The
     * listener must not block; an exception from it is logged and does not stop the batch.
     */
    public Batch onResult(Consumer<Result> listener) {
        Objects.requireNonNull(listener, "listener");
        onLoop("fanout: onResult registration", () -> collector.addListener(listener));
        return this;
    }

    /**
     * Cancels the batch: every unfinished request ends {@code CANCELLED} and its connection is
     * closed. Results that already arrived are kept. Idempotent.
     */
    public void cancel() {
        onLoop("fanout: cancel batch", () -> collector.cancelRemaining(ErrorKind.CANCELLED, "batch cancelled"));
    }

    /**
     * Makes the batch fail fast: the first result that failed with one of {@code kinds} (any
     * kind but {@code CANCELLED} when none is named) cancels every unfinished request at once,
     * as {@link #cancel()} does, with a message naming the request that failed. A failure that
     * came before this call counts too. A response of any status is not a failure.
     */
    public Batch failFast(ErrorKind... kinds) {
        EnumSet<ErrorKind> fatal = kinds.length == 0 ? EnumSet.allOf(ErrorKind.class) : EnumSet.noneOf(ErrorKind.class);
        for (ErrorKind kind : kinds) {
            fatal.add(Objects.requireNonNull(kind, "kind"));
        }
        fatal.remove(ErrorKind.CANCELLED);
        return onResult(r -> {
            if (r.error() != null && fatal.contains(r.error().kind())) {
                collector.cancelRemaining(
                        ErrorKind.CANCELLED,
                        "fail-fast: request " + r.index() + " failed ("
                                + r.error().kind() + ")");
            }
        });
    }

    /**
     * Returns an iterator of the results in the order they complete (asyncio's
     * {@code as_completed}): {@code next()} blocks until the next one is done. Each call returns
     * a new iterator over all the batch's results.
     */
    public Iterator<Result> completions() {
        LinkedBlockingQueue<Result> arrived = new LinkedBlockingQueue<>();
        onResult(arrived::add);
        return new Iterator<>() {
            private int taken;

            @Override
            public boolean hasNext() {
                return taken < size();
            }

            @Override
            public Result next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("all " + size() + " results were returned");
                }
                loop.checkNotInLoop("completions().next()");
                try {
                    Result r = arrived.take();
                    taken++;
                    return r;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the next result", e);
                }
            }
        };
    }

    /**
     * Returns the results in the order they complete as a {@link Flow.Publisher},
     * with backpressure: each subscriber gets every result of the batch, no more than it requested,
     * then {@code onComplete}. Signals arrive on the loop thread.
     */
    public Flow.Publisher<Result> publisher() {
        return new BatchPublisher(this, loop);
    }

    /**
     * Returns numbers about the results completed so far (all of them, once the batch is done, or
     * once {@link #awaitAll(Duration)} has returned them). Does not wait for the loop.
     */
    public BatchStats stats() {
        return BatchStats.of(collector.settledResults());
    }

    private void onLoop(String label, Runnable task) {
        if (loop.inLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(label, task);
        } catch (RejectedExecutionException closed) {
            if (future.isDone()) {
                task.run(); // the loop is gone and the batch over: nothing else touches its state
            }
        }
    }

    @Override
    public String toString() {
        return "Batch[" + size() + " requests" + (future.isDone() ? ", done]" : "]");
    }
}
