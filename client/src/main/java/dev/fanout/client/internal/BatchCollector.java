package dev.fanout.client.internal;

import dev.fanout.client.Batch;
import dev.fanout.client.ErrorKind;
import dev.fanout.client.EventListener;
import dev.fanout.client.FanoutClient;
import dev.fanout.client.FetchException;
import dev.fanout.client.Request;
import dev.fanout.client.Result;
import dev.fanout.loop.Loop;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiFunction;
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
public final class BatchCollector {

    private final Loop loop;
    private final ResultFactory made;
    private final List<Request> requests;
    private final long startNanos;
    private final CompletableFuture<List<Result>> future;
    private final ExchangeSpec[] specs;
    private final FetchException[] invalid;
    private final AtomicReferenceArray<Result> results;
    private final int[] completionOrder;
    private final Duplicates duplicates;
    private final BatchEvents events;
    private final List<Consumer<Result>> listeners = new ArrayList<>(1);
    private final CallListener whenDone = this::callDone; // one for the batch's calls, not one each
    private Engine engine;
    private BatchLatencies latencies;
    private Runnable whenAdmitted;
    private Call[] calls;
    private int admitted;
    private int cancelPass;
    private int cancelCursor;
    private int remaining;
    private int completed;
    private ErrorKind cancelledAs;
    private String cancelReason;
    private boolean keep = true;

    /**
     * Creates the loop side of a batch of {@code requests}, made at {@code startNanos} (the loop
     * clock's reading), and checks each request with {@code check} on the caller's thread (given
     * the last request checked right before it, or null, whose origin it may share): one
     * that fails the check (it throws {@link IllegalArgumentException} saying why) is an
     * {@code INVALID_REQUEST} result, and nothing is sent for it. With {@code coalesceGets}, an
     * identical GET after the first is not sent and gets the first's outcome ({@link Duplicates}).
     * The last result completes {@code future}. {@code events}, if not null, makes each
     * request's {@link EventListener}, here on the caller's thread.
     */
    public BatchCollector(
            Loop loop,
            ResultFactory made,
            List<Request> requests,
            BiFunction<Request, ExchangeSpec, ExchangeSpec> check,
            boolean coalesceGets,
            EventListener.Factory events,
            long startNanos,
            CompletableFuture<List<Result>> future) {
        this.loop = loop;
        this.made = made;
        this.requests = requests;
        this.startNanos = startNanos;
        this.future = future;
        int n = requests.size();
        this.specs = new ExchangeSpec[n];
        this.invalid = new FetchException[n];
        ExchangeSpec recent = null;
        for (int i = 0; i < n; i++) {
            Request r = requests.get(i);
            try {
                specs[i] = recent = check.apply(r, recent);
            } catch (IllegalArgumentException e) {
                invalid[i] =
                        new FetchException(ErrorKind.INVALID_REQUEST, r == null ? null : r.url(), e.getMessage(), null);
            }
        }
        this.duplicates = coalesceGets ? Duplicates.find(specs) : null;
        this.results = new AtomicReferenceArray<>(n);
        this.completionOrder = new int[n];
        this.remaining = n;
        this.events = new BatchEvents(events, requests);
    }

    /** Returns how many requests the batch holds. */
    public int size() {
        return results.length();
    }

    /**
     * Hands the batch to the loop and returns once every request is started or queued (admitted
     * in loop tasks of a few hundred), or once
     * {@code handoff} has passed (the loop is held by a task: the batch starts when it is free);
     * on another event loop's thread it returns at once, without waiting for that. On a closed
     * client every request ends {@code REJECTED} at once.
     */
    public void launch(Engine engine, boolean clientClosed, Duration handoff) {
        if (size() == 0) {
            return;
        }
        if (clientClosed) {
            rejectAll();
            return;
        }
        if (loop.inLoop()) {
            admit(engine, null);
            return;
        }
        CountDownLatch admitted = new CountDownLatch(1);
        try {
            loop.execute("fanout: startAll(" + size() + ")", () -> admit(engine, admitted::countDown));
        } catch (RejectedExecutionException closed) {
            rejectAll();
            return;
        }
        if (Thread.currentThread() instanceof FastThreadLocalThread) {
            // Another event loop's thread (a callback of a client on another loop): waiting here
            // could deadlock two loops that call each other, so hand the batch over and go on.
            return;
        }
        if (!Waiting.await(admitted, handoff)) {
            LoggerFactory.getLogger(FanoutClient.class)
                    .warn(
                            "startAll({}) on loop '{}': the loop did not take the"
                                    + " batch within {} ms, {}; returning without waiting: its requests start when the loop is free,"
                                    + " and a deadline given to awaitAll still holds",
                            size(),
                            loop.name(),
                            handoff.toMillis(),
                            Waiting.whatHolds(loop));
        }
    }

    /**
     * Hands every request to the engine to be started or queued, in input order and in loop
     * tasks of a bounded size (behind the batches handed over before); an invalid one ends at
     * once as {@code INVALID_REQUEST}. {@code whenAdmitted}, if not null, runs once all are.
     */
    private void admit(Engine engine, Runnable whenAdmitted) {
        this.engine = engine;
        this.whenAdmitted = whenAdmitted;
        this.latencies = engine.batchLatencies();
        calls = new Call[size()];
        engine.admit(this::admitSome);
    }

    private boolean admitSome(TaskBudget budget) {
        while (admitted < size() && budget.hasRoom()) {
            int i = admitted++;
            budget.spend();
            EventListener listener = events.start(i, requests.get(i));
            if (invalid[i] != null) {
                long start = loop.nanoTime() - startNanos;
                complete(i, made.failure(i, requests.get(i), invalid[i], 0, 0, ResultFactory.withoutPhases(start, 0)));
                continue;
            }
            if (duplicates != null && duplicates.follows(i)) {
                continue; // its leader's outcome will be its own
            }
            Call e = engine.newCall(i, specs[i], requests.get(i), listener, whenDone, latencies);
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
    private void rejectAll() {
        for (int i = 0; i < size(); i++) {
            FetchException error = invalid[i] != null
                    ? invalid[i]
                    : new FetchException(ErrorKind.REJECTED, specs[i].url(), "client closed", null);
            complete(i, made.failure(i, requests.get(i), error, 0, 0, ResultFactory.withoutPhases(0, 0)));
        }
    }

    /**
     * Hands each result to {@code each} as it completes, and keeps none: the future then
     * completes with an empty list. Called before {@link #launch}, instead of any other listener.
     */
    public void streamTo(Consumer<Result> each) {
        keep = false;
        listeners.add(each);
    }

    /** Adds a listener and gives it the results that completed before. */
    public void addListener(Consumer<Result> listener) {
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
    public void cancelRemaining(ErrorKind kind, String why) {
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
        // Those that sent nothing yet first (pass 0: queued for a slot, waiting for a connection or
        // an HTTP/2 stream, or a retry): cancelling one on the wire frees a slot or a stream that
        // would be handed to one of them, which would then send before its own cancel came.
        while (cancelPass < 2 && budget.hasRoom()) {
            if (cancelCursor == all.length) {
                cancelPass++;
                cancelCursor = 0;
                continue;
            }
            Call e = all[cancelCursor++];
            if (e != null && !e.isDone() && (cancelPass == 1 || e.isQueued() || e.attempts() == 0)) {
                budget.spend();
                e.cancel(cancelledAs, cancelReason);
            }
        }
        if (cancelPass < 2) {
            loop.execute("fanout: cancel batch", this::cancelSome);
        }
    }

    private void callDone(Call e) {
        if (calls != null) {
            calls[e.index()] = null; // it holds its response: let it go with the result
        }
        for (int i = e.index(); i >= 0; i = duplicates != null ? duplicates.next(i) : -1) {
            complete(i, resultOf(e, i));
        }
    }

    /** Returns the result of request {@code i}, whose outcome is {@code e}'s. */
    private Result resultOf(Call e, int i) {
        ResponseData data = e.response();
        Request request = requests.get(i);
        long[] timings = e.phaseNanos(startNanos);
        return data == null
                ? made.failure(i, request, e.error(), e.attempts(), e.hedges(), timings)
                : made.response(
                        i,
                        request,
                        data.status(),
                        data.protocol(),
                        data.headerPairs(),
                        data.body(),
                        data.url(),
                        e.attempts(),
                        e.hedges(),
                        timings);
    }

    /**
     * Settles every unfinished request at once with an error of {@code kind}, from any thread,
     * and returns all the results in input order: for a caller whose deadline passed (or who was
     * interrupted) while the loop could not end the requests itself. A settled result carries
     * the time from the batch's start to now as its total; its phases, known only on the loop,
     * are zero. Does not end the calls: the caller hands their cancellation to the loop.
     */
    public List<Result> settleUnfinished(ErrorKind kind, String why) {
        long total = loop.nanoTime() - startNanos;
        for (int i = 0; i < size(); i++) {
            if (results.get(i) == null) {
                results.compareAndSet(i, null, settled(i, kind, why, total));
            }
        }
        return snapshot();
    }

    /** Returns the results set so far, by the loop or by a caller, in input order. */
    public List<Result> settledResults() {
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
            return made.failure(i, requests.get(i), invalid[i], 0, 0, ResultFactory.withoutPhases(0, 0));
        }
        return made.failure(
                i,
                requests.get(i),
                new FetchException(kind, specs[i].url(), why, null),
                0,
                0,
                ResultFactory.withoutPhases(0, totalNanos));
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
        // Streamed (not kept): no caller settles slots, and the result is the listener's alone.
        Result r = !keep || results.compareAndSet(i, null, arrived) ? arrived : results.get(i);
        completionOrder[completed++] = i;
        remaining--;
        events.end(i, r);
        if (remaining == 0) {
            calls = null;
        }
        int n = listeners.size(); // a listener added by a listener has been given r already
        for (int k = 0; k < n; k++) {
            Consumer<Result> listener = listeners.get(k);
            callUser("Batch.onResult listener", () -> listener.accept(r));
        }
        if (remaining == 0) {
            List<Result> all = keep ? snapshot() : List.of();
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
