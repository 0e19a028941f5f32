package dev.fanout.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.client.internal.Call;
import dev.fanout.client.internal.Engine;
import dev.fanout.client.internal.ExchangeSpec;
import dev.fanout.client.internal.ResponseData;
import dev.fanout.client.internal.TaskBudget;
import dev.fanout.loop.Loop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * The loop side of a {@link Batch}: admits its calls, turns each one that ends into a
 * {@link Result}, tells the listeners, and completes the batch's future with the last one.
 *
 * <p>Loop-confined (or the caller's, when the loop is gone and nothing else can touch it), but
 * for the result slots: a caller whose deadline passed while the loop was held may settle the
 * unfinished ones itself ({@link #settleUnfinished}). Each slot is set once, by whichever thread
 * comes first; the loop's own later result for a settled slot is dropped (its call still
 * ends and frees its connection), and the settled one is what listeners, the future and the
 * stats see.
 */
final class BatchCollector {

    private final Loop loop;
    private final ObjectMapper mapper;
    private final List<Request> requests;
    private final long startNanos;
    private final CompletableFuture<List<Result>> future;
    private final ExchangeSpec[] specs;
    private final FetchException[] invalid;
    private final AtomicReferenceArray<Result> results;
    private final int[] completionOrder;
    private final List<Consumer<Result>> listeners = new ArrayList<>(1);
    private Engine engine;
    private Runnable whenAdmitted;
    private Call[] calls;
    private int admitted;
    private int cancelPass;
    private int cancelCursor;
    private int remaining;
    private int completed;
    private ErrorKind cancelledAs;
    private String cancelReason;

    BatchCollector(
            Loop loop,
            ObjectMapper mapper,
            List<Request> requests,
            ExchangeSpec[] specs,
            FetchException[] invalid,
            long startNanos,
            CompletableFuture<List<Result>> future) {
        this.loop = loop;
        this.mapper = mapper;
        this.requests = requests;
        this.specs = specs;
        this.invalid = invalid;
        this.startNanos = startNanos;
        this.future = future;
        this.results = new AtomicReferenceArray<>(requests.size());
        this.completionOrder = new int[requests.size()];
        this.remaining = requests.size();
    }

    /** Returns how many requests the batch holds. */
    int size() {
        return results.length();
    }

    /**
     * Hands every request to the engine to be started or queued, in input order and in loop
     * tasks of a bounded size (behind the batches handed over before); an invalid one ends at
     * once as {@code INVALID_REQUEST}. {@code whenAdmitted}, if not null, runs once all are.
     */
    void admit(Engine engine, Runnable whenAdmitted) {
        this.engine = engine;
        this.whenAdmitted = whenAdmitted;
        calls = new Call[size()];
        engine.admit(this::admitSome);
    }

    private boolean admitSome(TaskBudget budget) {
        while (admitted < size() && budget.hasRoom()) {
            int i = admitted++;
            budget.spend();
            if (invalid[i] != null) {
                Duration start = Duration.ofNanos(loop.nanoTime() - startNanos);
                complete(
                        i,
                        new Result(
                                i, requests.get(i), null, invalid[i], 0, Timings.withoutPhases(start, Duration.ZERO)));
                continue;
            }
            Call e = engine.newCall(i, specs[i], this::callDone);
            calls[i] = e;
            engine.submit(e);
            if (cancelledAs != null) {
                e.cancel(cancelledAs, cancelReason); // the batch was cancelled while it was being admitted
            }
        }
        if (admitted < size()) {
            return false;
        }
        if (whenAdmitted != null) {
            whenAdmitted.run();
        }
        return true;
    }

    /** Ends every request as {@code REJECTED}: the loop is closed. */
    void rejectAll() {
        for (int i = 0; i < size(); i++) {
            FetchException error = invalid[i] != null
                    ? invalid[i]
                    : new FetchException(ErrorKind.REJECTED, specs[i].url(), "client closed", null);
            complete(i, new Result(i, requests.get(i), null, error, 0, Timings.NONE));
        }
    }

    /** Adds a listener and gives it the results that completed before. */
    void addListener(Consumer<Result> listener) {
        listeners.add(listener);
        for (int k = 0; k < completed; k++) {
            Result r = results.get(completionOrder[k]);
            callUser("Batch.onResult listener", () -> listener.accept(r));
        }
    }

    /**
     * Ends every unfinished request with {@code kind}, the waiting ones first, in loop tasks of a
     * bounded size; those admitted later end at once. A second call changes nothing: the first
     * kind stands.
     */
    void cancelRemaining(ErrorKind kind, String why) {
        if (cancelledAs != null) {
            return;
        }
        cancelledAs = kind;
        cancelReason = why;
        cancelSome();
    }

    private void cancelSome() {
        Call[] all = calls;
        if (all == null) {
            return; // all done, or not admitted yet (admission then cancels each one)
        }
        TaskBudget budget = new TaskBudget();
        // The waiting ones first (pass 0): cancelling a running one frees a slot that would start a waiting one.
        while (cancelPass < 2 && budget.hasRoom()) {
            if (cancelCursor == all.length) {
                cancelPass++;
                cancelCursor = 0;
                continue;
            }
            Call e = all[cancelCursor++];
            if (e != null && !e.isDone() && (cancelPass == 1 || e.isQueued())) {
                budget.spend();
                e.cancel(cancelledAs, cancelReason);
            }
        }
        if (cancelPass < 2) {
            loop.execute("fanout: cancel batch", this::cancelSome);
        }
    }

    /** Returns the results completed so far, in completion order. */
    List<Result> completedResults() {
        List<Result> done = new ArrayList<>(completed);
        for (int k = 0; k < completed; k++) {
            done.add(results.get(completionOrder[k]));
        }
        return done;
    }

    private void callDone(Call e) {
        ResponseData data = e.response();
        Response response = data == null
                ? null
                : new Response(data.status(), data.protocol(), data.headerPairs(), data.body(), data.url(), mapper);
        int i = e.index();
        complete(i, new Result(i, requests.get(i), response, e.error(), e.attempts(), e.timings(startNanos)));
    }

    /**
     * Settles every unfinished request at once with an error of {@code kind}, from any thread,
     * and returns all the results in input order: for a caller whose deadline passed (or who was
     * interrupted) while the loop could not end the requests itself. A settled result carries
     * the time from the batch's start to now as its total; its phases, known only on the loop,
     * are zero. Does not end the calls: the caller hands their cancellation to the loop.
     */
    List<Result> settleUnfinished(ErrorKind kind, String why) {
        long total = loop.nanoTime() - startNanos;
        for (int i = 0; i < size(); i++) {
            if (results.get(i) == null) {
                results.compareAndSet(i, null, settled(i, kind, why, total));
            }
        }
        return snapshot();
    }

    /** Returns the results set so far, by the loop or by a caller, in input order. */
    List<Result> settledResults() {
        List<Result> set = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            Result r = results.get(i);
            if (r != null) {
                set.add(r);
            }
        }
        return set;
    }

    private Result settled(int i, ErrorKind kind, String why, long totalNanos) {
        if (invalid[i] != null) {
            return new Result(i, requests.get(i), null, invalid[i], 0, Timings.NONE);
        }
        Duration total = Duration.ofNanos(totalNanos);
        return new Result(
                i,
                requests.get(i),
                null,
                new FetchException(kind, specs[i].url(), why, null),
                0,
                Timings.withoutPhases(Duration.ZERO, total));
    }

    private List<Result> snapshot() {
        Result[] all = new Result[size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = results.get(i);
        }
        return Collections.unmodifiableList(Arrays.asList(all));
    }

    private void complete(int i, Result arrived) {
        // A caller may have settled this slot already: then its result stands, for everyone.
        Result r = results.compareAndSet(i, null, arrived) ? arrived : results.get(i);
        completionOrder[completed++] = i;
        remaining--;
        if (remaining == 0) {
            calls = null;
        }
        int n = listeners.size(); // a listener added by a listener has been given r already
        for (int k = 0; k < n; k++) {
            Consumer<Result> listener = listeners.get(k);
            callUser("Batch.onResult listener", () -> listener.accept(r));
        }
        if (remaining == 0) {
            List<Result> all = snapshot();
            callUser("stage chained on the batch future", () -> future.complete(all));
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
