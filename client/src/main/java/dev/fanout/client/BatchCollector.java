package dev.fanout.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.client.internal.Engine;
import dev.fanout.client.internal.Exchange;
import dev.fanout.client.internal.ExchangeSpec;
import dev.fanout.client.internal.ResponseData;
import dev.fanout.loop.Loop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * The loop side of a {@link Batch}: admits its exchanges, turns each one that ends into a
 * {@link Result}, tells the listeners, and completes the batch's future with the last one.
 *
 * <p>Loop-confined (or the caller's, when the loop is gone and nothing else can touch it).
 */
final class BatchCollector {

    private final Loop loop;
    private final ObjectMapper mapper;
    private final List<Request> requests;
    private final long startNanos;
    private final CompletableFuture<List<Result>> future;
    private final Result[] results;
    private final int[] completionOrder;
    private final List<Consumer<Result>> listeners = new ArrayList<>(1);
    private Exchange[] exchanges;
    private int remaining;
    private int completed;
    private ErrorKind cancelledAs;
    private String cancelReason;

    BatchCollector(Loop loop, ObjectMapper mapper, List<Request> requests, long startNanos,
            CompletableFuture<List<Result>> future) {
        this.loop = loop;
        this.mapper = mapper;
        this.requests = requests;
        this.startNanos = startNanos;
        this.future = future;
        this.results = new Result[requests.size()];
        this.completionOrder = new int[requests.size()];
        this.remaining = requests.size();
    }

    /** Returns how many requests the batch holds. */
    int size() {
        return results.length;
    }

    /** Starts or queues every request; an invalid one ends at once as {@code INVALID_REQUEST}. */
    void admit(Engine engine, ExchangeSpec[] specs, FetchException[] invalid) {
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

    /** Ends every request as {@code REJECTED}: the loop is closed. */
    void rejectAll(ExchangeSpec[] specs, FetchException[] invalid) {
        for (int i = 0; i < results.length; i++) {
            FetchException error = invalid[i] != null ? invalid[i]
                    : new FetchException(ErrorKind.REJECTED, specs[i].url(), "client closed", null);
            complete(i, new Result(i, requests.get(i), null, error, 0, Timings.NONE));
        }
    }

    /** Adds a listener and gives it the results that completed before. */
    void addListener(Consumer<Result> listener) {
        listeners.add(listener);
        for (int k = 0; k < completed; k++) {
            Result r = results[completionOrder[k]];
            callUser("fanout: onResult listener", () -> listener.accept(r));
        }
    }

    /** Ends every unfinished request with {@code kind}, the waiting ones first. */
    void cancelRemaining(ErrorKind kind, String why) {
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

    /** Returns the results completed so far, in completion order. */
    List<Result> completedResults() {
        List<Result> done = new ArrayList<>(completed);
        for (int k = 0; k < completed; k++) {
            done.add(results[completionOrder[k]]);
        }
        return done;
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
}
