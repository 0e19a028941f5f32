package dev.fanout.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.client.internal.Engine;
import dev.fanout.client.internal.Exchange;
import dev.fanout.client.internal.ExchangeSpec;
import dev.fanout.client.internal.ResponseData;
import dev.fanout.loop.Loop;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

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

    private final Loop loop;
    private final ObjectMapper mapper;
    private final List<Request> requests;
    private final Result[] results;
    private final long startNanos;
    private final CompletableFuture<List<Result>> future = new CompletableFuture<>();

    // Loop-confined (or the caller's, when the loop is gone and nothing else can touch them).
    private Exchange[] exchanges;
    private int remaining;
    private final int[] completionOrder;
    private int completed;
    private final List<Consumer<Result>> listeners = new ArrayList<>(1);
    private dev.fanout.client.ErrorKind cancelledAs;
    private String cancelReason;

    Batch(Loop loop, ObjectMapper mapper, List<Request> requests, long startNanos) {
        this.loop = loop;
        this.mapper = mapper;
        this.requests = requests;
        this.results = new Result[requests.size()];
        this.completionOrder = new int[requests.size()];
        this.remaining = requests.size();
        this.startNanos = startNanos;
        if (remaining == 0) {
            future.complete(List.of());
        }
    }

    /** Returns how many requests the batch holds. */
    public int size() {
        return results.length;
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
            cancel();
            return future.join();
        } catch (ExecutionException e) {
            throw new IllegalStateException("batch failed", e.getCause());
        }
    }

    /**
     * Waits until every request is done or {@code deadline} has passed, and returns the results
     * in input order. Requests still running at the deadline, waiting for a slot included, are
     * cancelled and end with kind {@code TIMEOUT}.
     *
     * @throws IllegalStateException if called on the loop thread
     */
    public List<Result> awaitAll(Duration deadline) {
        Objects.requireNonNull(deadline, "deadline");
        loop.checkNotInLoop("awaitAll");
        try {
            return future.get(Math.max(0, deadline.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            String why = "batch deadline of " + deadline.toMillis() + " ms passed";
            onLoop("fanout: batch deadline", () -> cancelRemaining(ErrorKind.TIMEOUT, why));
            return future.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            return future.join();
        } catch (ExecutionException e) {
            throw new IllegalStateException("batch failed", e.getCause());
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
        onLoop("fanout: onResult registration", () -> {
            listeners.add(listener);
            for (int k = 0; k < completed; k++) {
                Result r = results[completionOrder[k]];
                callUser("fanout: onResult listener", () -> listener.accept(r));
            }
        });
        return this;
    }

    /**
     * Cancels the batch: every unfinished request ends {@code CANCELLED} and its connection is
     * closed. Results that already arrived are kept. Idempotent.
     */
    public void cancel() {
        onLoop("fanout: cancel batch", () -> cancelRemaining(ErrorKind.CANCELLED, "batch cancelled"));
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
                return taken < results.length;
            }

            @Override
            public Result next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("all " + results.length + " results were returned");
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
     * Returns the results in the order they complete as a {@link java.util.concurrent.Flow.Publisher},
     * with backpressure: each subscriber gets every result of the batch, no more than it requested,
     * then {@code onComplete}. Signals arrive on the loop thread.
     */
    public java.util.concurrent.Flow.Publisher<Result> publisher() {
        return new BatchPublisher(this, loop);
    }

    /** Returns numbers about the results completed so far (all of them, once the batch is done). */
    public BatchStats stats() {
        if (future.isDone() || loop.inLoop()) {
            return BatchStats.of(completedResults());
        }
        try {
            return loop.submit(() -> BatchStats.of(completedResults())).join();
        } catch (RejectedExecutionException closed) {
            return BatchStats.of(future.isDone() ? completedResults() : List.of());
        }
    }

    // ---- called by FanoutClient ----

    /**
     * Hands the batch to the loop in one task and returns once every request is started or
     * queued; on another event loop's thread it returns at once, without waiting for that.
     */
    void launch(Engine engine, ExchangeSpec[] specs, FetchException[] invalid) {
        if (results.length == 0) {
            return;
        }
        if (loop.inLoop()) {
            admit(engine, specs, invalid);
            return;
        }
        CountDownLatch admitted = new CountDownLatch(1);
        try {
            loop.execute("fanout: startAll(" + results.length + ")", () -> {
                try {
                    admit(engine, specs, invalid);
                } finally {
                    admitted.countDown();
                }
            });
        } catch (RejectedExecutionException closed) {
            for (int i = 0; i < results.length; i++) {
                FetchException error = invalid[i] != null ? invalid[i]
                        : new FetchException(ErrorKind.REJECTED, specs[i].url(), "client closed", null);
                complete(i, new Result(i, requests.get(i), null, error, 0, Timings.NONE));
            }
            return;
        }
        if (Thread.currentThread() instanceof FastThreadLocalThread) {
            // Another event loop's thread (a callback of a client on another loop): waiting here
            // could deadlock two loops that call each other, so hand the batch over and go on.
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                admitted.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void admit(Engine engine, ExchangeSpec[] specs, FetchException[] invalid) {
        exchanges = new Exchange[results.length];
        for (int i = 0; i < results.length; i++) {
            if (invalid[i] != null) {
                Duration start = Duration.ofNanos(System.nanoTime() - startNanos);
                complete(i, new Result(i, requests.get(i), null, invalid[i], 0,
                        new Timings(start, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                                Duration.ZERO, Duration.ZERO, Duration.ZERO)));
                continue;
            }
            Exchange e = new Exchange(engine, i, specs[i], this::exchangeDone);
            exchanges[i] = e;
            engine.submit(e);
            if (cancelledAs != null) {
                e.cancel(cancelledAs, cancelReason); // a listener cancelled the batch while it was being admitted
            }
        }
    }

    private void exchangeDone(Exchange e) {
        ResponseData data = e.response();
        Response response = data == null ? null
                : new Response(data.status(), data.protocol(), data.headerPairs(), data.body(), data.url(), mapper);
        int i = e.index();
        complete(i, new Result(i, requests.get(i), response, e.error(), e.attempts(), e.timings(startNanos)));
    }

    private void complete(int i, Result r) {
        results[i] = r;
        completionOrder[completed++] = i;
        remaining--;
        if (remaining == 0) {
            exchanges = null;
        }
        int n = listeners.size(); // a listener added by a listener has been given r already
        for (int k = 0; k < n; k++) {
            Consumer<Result> listener = listeners.get(k);
            callUser("fanout: onResult listener", () -> listener.accept(r));
        }
        if (remaining == 0) {
            List<Result> all = Collections.unmodifiableList(Arrays.asList(results));
            callUser("fanout: batch completion", () -> future.complete(all));
        }
    }

    private void cancelRemaining(ErrorKind kind, String why) {
        if (cancelledAs == null) {
            cancelledAs = kind;
            cancelReason = why;
        }
        Exchange[] all = exchanges;
        if (all == null) {
            return;
        }
        // The waiting ones first: cancelling a running one frees a slot that would start a waiting one.
        for (Exchange e : all) {
            if (e != null && e.isQueued()) {
                e.cancel(kind, why);
            }
        }
        for (Exchange e : all) {
            if (e != null && !e.isDone()) {
                e.cancel(kind, why);
            }
        }
    }

    private List<Result> completedResults() {
        List<Result> done = new ArrayList<>(completed);
        for (int k = 0; k < completed; k++) {
            done.add(results[completionOrder[k]]);
        }
        return done;
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

    private void callUser(String label, Runnable call) {
        if (loop.inLoop()) {
            loop.runNow(label, call);
            return;
        }
        try {
            call.run(); // the loop is gone: the results are final, and this is the only thread here
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(Batch.class).warn("{} failed", label, e);
        }
    }

    @Override
    public String toString() {
        return "Batch[" + results.length + " requests" + (future.isDone() ? ", done]" : "]");
    }
}
