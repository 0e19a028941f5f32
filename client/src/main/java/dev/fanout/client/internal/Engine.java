package dev.fanout.client.internal;

import dev.fanout.client.ErrorKind;
import dev.fanout.client.EventListener;
import dev.fanout.client.HttpVersion;
import dev.fanout.client.Request;
import dev.fanout.client.RetryPolicy;
import dev.fanout.loop.Cancellable;
import dev.fanout.loop.Loop;
import dev.fanout.loop.internal.NettyLoop;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * The client's machinery on its loop: admission ({@link Dispatcher}), connections with room
 * ({@link ConnectionPool}), connection setup ({@link Connector}), the {@link Step}s every call
 * runs, assembled here and nowhere else, and every live {@link Call}, so that closing the client
 * can end them.
 *
 * <pre>
 *   Call ─► FollowRedirects ─► [Retry ─►] [Hedge ─►] ReplayOnStale ─► Attempt ─► ConnectionSource ─► ConnectionPool / Connector
 *                                                        └─► Lease: Connection (HTTP/1.1) or Http2Stream (HTTP/2)
 * </pre>
 *
 * <p>Made on any thread; after that every method runs on the loop thread (no locks: the loop
 * is the only thread that touches it).
 */
public final class Engine implements Call.Owner {

    /** How long a close waits at most for its connections' closes to complete (real time). */
    static final long CLOSE_WAIT_MILLIS = 2_000;

    private final Loop loop;
    private final Dispatcher<Call> dispatcher;
    private final ConnectionPool<HttpConnection> pool;
    private final ConnectionSource source;
    private final Connector connector;
    private final Step steps;
    private final LiveCalls live = new LiveCalls();
    private final DeadlineLanes timeouts;
    private final ArrayDeque<Admission> admissions = new ArrayDeque<>();
    private boolean admitting;
    private boolean admissionScheduled;
    private boolean closed;
    private boolean starting;
    private final RateLimits rates;
    private final AdaptiveLimits adaptive;
    private final double hedgePercentile;
    private Cancellable paceTimer;
    private ArrayDeque<Call> closing;
    private Runnable whenShutDown;
    // Written on the loop only; volatile so that a caller whose close() gave up may report them.
    private volatile int openRequests;
    private final ConnectionCounts connections = new ConnectionCounts();

    /** Creates the engine of a client on {@code loop}. */
    public Engine(Loop loop, ClientConfig config) {
        Warmups.http1();
        if (config.httpVersion() == HttpVersion.HTTP_2) {
            Warmups.http2(); // h2c on http:// too; under AUTO, https requests load them (Warmups.checked)
        }
        this.loop = loop;
        this.timeouts = new DeadlineLanes(loop, Call.TIMEOUT_LABEL);
        this.hedgePercentile = config.hedgePercentile();
        NettyLoop netty = loop.netty();
        this.pool = new ConnectionPool<>(loop, config.maxIdlePerHost(), config.idleTimeout(), connections);
        this.rates = RateLimits.of(loop.clock(), config.rateLimits());
        this.source = new ConnectionSource(pool, config.httpVersion(), config.maxConnectionsPerHost());
        this.adaptive = new AdaptiveLimits(config.adaptiveEveryOrigin(), config.adaptiveOrigins(), this::activeTo);
        // Over HTTP/2 the per-host limit is on connections (the source keeps it), not on requests.
        this.dispatcher = new Dispatcher<>(
                config.maxInFlight(),
                origin -> adaptive.cap(
                        origin, source.multiplexed(origin) ? config.maxInFlight() : config.maxConnectionsPerHost()),
                config.maxQueued());
        adaptive.whenChanged(dispatcher::limitChanged); // what waits starts as the call that told it ends
        if (!rates.none()) {
            dispatcher.pacer(rates);
        }
        int connectMillis = (int)
                Math.min(Integer.MAX_VALUE, Math.max(1, config.connectTimeout().toMillis()));
        AddressResolver resolver =
                new AddressResolver(netty.eventLoop(), netty.datagramChannelType(), connectMillis, config.dnsServers());
        Pipelines pipelines =
                new Pipelines(config.maxHeaderBytes(), source::closed, loop, config.connectTimeout(), connections);
        this.connector = new Connector(
                loop,
                netty.eventLoop(),
                netty.socketChannels(),
                resolver,
                pipelines,
                config.sslContext(),
                config.httpVersion(),
                connectMillis);
        source.connector(connector);
        source.whenMultiplexing(origin -> {
            dispatcher.limitChanged(origin);
            startWaiting();
        });
        // What follows one attempt wraps it: a hedged copy races it, each hop is retried on its own.
        OriginFeedback feedback = OriginFeedback.both(
                rates.none() ? OriginFeedback.NONE : rates, adaptive.none() ? OriginFeedback.NONE : adaptive);
        Step perHop = new ReplayOnStale(Attempt.step(source, config, feedback, new Routes(config), new HeaderTexts()));
        if (config.hedgeAfter() != null || config.hedgePercentile() > 0) {
            long delay = config.hedgeAfter() != null ? Durations.saturatedNanos(config.hedgeAfter()) : -1;
            perHop = new Hedge(perHop, delay, config.hedgePercentile() > 0, new RetryBudget(loop.clock(), 0.05, 1));
        }
        RetryPolicy retry = config.retryPolicy();
        if (retry.maxAttempts() > 1) {
            RetryBudget budget = new RetryBudget(loop.clock(), retry.budgetRatio(), retry.budgetPerSecond());
            perHop = new Retry(perHop, retry, budget, System::currentTimeMillis);
        }
        this.steps = new FollowRedirects(perHop, config);
    }

    /**
     * Admits a batch's requests behind the batches handed over before, so that the requests to
     * one origin start in the order they were handed over, in loop tasks of a bounded size
     * ({@link TaskBudget}). The first piece is admitted at once when nothing
     * waits before it (so a small batch is started before this returns).
     */
    public void admit(Admission admission) {
        admissions.add(admission);
        if (!admitting && admissions.size() == 1) {
            admitSome();
        }
        // else: the admission under way, or the task already offered, comes to it in turn
    }

    private void admitSome() {
        admissionScheduled = false;
        admitting = true;
        try {
            TaskBudget budget = new TaskBudget();
            while (!admissions.isEmpty() && budget.hasRoom()) {
                if (admissions.peek().admitSome(budget)) {
                    admissions.poll();
                }
            }
        } finally {
            admitting = false;
        }
        if (!admissions.isEmpty() && !admissionScheduled) {
            admissionScheduled = true;
            loop.execute("fanout: admit requests", this::admitSome);
        }
    }

    /**
     * Makes the call of input {@code index} of a batch, to be handed to {@link #submit}; its
     * batch's latencies, when it is hedged at a percentile of them, are {@code latencies} (see
     * {@link #batchLatencies}; otherwise null).
     */
    public Call newCall(
            int index,
            ExchangeSpec spec,
            Request request,
            EventListener events,
            CallListener listener,
            BatchLatencies latencies) {
        return new Call(
                        this,
                        loop,
                        steps,
                        index,
                        spec,
                        new TimingsRecorder(loop.clock(), request, events),
                        timeouts,
                        listener)
                .withLatencies(latencies);
    }

    /**
     * Returns a new batch's record of latencies when the client hedges at a percentile of them
     * ({@code hedgeAtPercentile}), else null: each batch is hedged at its own.
     */
    public BatchLatencies batchLatencies() {
        return hedgePercentile > 0 ? new BatchLatencies(hedgePercentile) : null;
    }

    /** Admits {@code call}: it starts now, waits for a slot, or ends REJECTED. */
    public void submit(Call call) {
        call.entered();
        if (closed) {
            call.reject(ErrorKind.REJECTED, "client closed");
            return;
        }
        live.add(call);
        openRequests = live.size();
        offer(call);
    }

    private void offer(Call call) {
        switch (dispatcher.offer(call)) {
            case START -> call.start();
            case QUEUED -> {
                call.queued();
                startWaiting();
            }
            case FULL ->
                call.reject(
                        ErrorKind.REJECTED,
                        "queue full: " + dispatcher.maxQueued() + " requests already wait for a slot (maxQueued)");
            case CLOSED -> call.reject(ErrorKind.REJECTED, "client closed");
        }
    }

    /**
     * Starts the waiting calls the dispatcher grants a slot to. One that ends while it starts
     * frees its slot and comes back here: that call returns at once, and this loop goes on.
     */
    private void startWaiting() {
        if (starting) {
            return;
        }
        starting = true;
        try {
            for (Call c; (c = dispatcher.next()) != null; ) {
                c.start();
            }
        } finally {
            starting = false;
        }
        armPace();
    }

    /** Wakes the dispatcher when the soonest origin its rate limit holds may start again. */
    private void armPace() {
        long hold = dispatcher.shortestHold();
        if (hold < 0 || paceTimer != null || closed) {
            return;
        }
        paceTimer = loop.schedule(
                "fanout: rate limit",
                () -> {
                    paceTimer = null;
                    dispatcher.unhold();
                    startWaiting();
                },
                Duration.ofNanos(Math.max(hold, 1)));
    }

    private int activeTo(Origin origin) {
        return dispatcher.active(origin);
    }

    /**
     * Returns the limit of requests at once to {@code origin} (a URL naming it) as it stands:
     * its adaptive limit once it has one, else {@code configured}; from any thread.
     */
    public int concurrencyLimit(Target origin, int configured) {
        int current = adaptive.current(origin.origin());
        return current > 0 ? current : configured;
    }

    /**
     * Closes the engine: every live exchange ends CANCELLED (its connection closed), idle
     * connections close, the DNS resolver closes; later exchanges are REJECTED. The work runs
     * in loop tasks of a bounded size; {@code whenDone} runs on the loop once it is all done and
     * the connections' closes have completed (at most {@value #CLOSE_WAIT_MILLIS} ms later).
     */
    public void shutdown(Runnable whenDone) {
        if (closed) {
            return;
        }
        closed = true;
        whenShutDown = whenDone;
        dispatcher.close(); // cancelling one must not start a queued one
        if (paceTimer != null) {
            paceTimer.cancel();
            paceTimer = null;
        }
        pool.close();
        closing = live.snapshot();
        closeSome();
    }

    private void closeSome() {
        TaskBudget budget = new TaskBudget();
        while (!closing.isEmpty() && budget.hasRoom()) {
            Call c = closing.poll();
            if (!c.isDone()) {
                budget.spend();
                c.cancel(ErrorKind.CANCELLED, "client closed");
            }
        }
        boolean poolClosed = closing.isEmpty() && pool.closeSome(budget);
        // Batches still being admitted end REJECTED piece by piece; wait for them.
        if (!poolClosed || !admissions.isEmpty()) {
            loop.execute("fanout: close client", this::closeSome);
            return;
        }
        connections.whenNoneOpen(loop.netty().eventLoop(), CLOSE_WAIT_MILLIS, this::shutDown);
    }

    private void shutDown() {
        connector.close();
        if (whenShutDown != null) {
            whenShutDown.run();
        }
    }

    /**
     * Returns how many requests were open (admitted and not ended) when the loop last changed
     * that number; for diagnostics, from any thread.
     */
    public int openRequests() {
        return openRequests;
    }

    /**
     * Returns the counts of the client's connections, in all and per origin, as the loop last
     * changed them: read-only from any thread.
     */
    public ConnectionCounts connections() {
        return connections;
    }

    @Override
    public void pause(Call call, Origin from) {
        dispatcher.release(from);
        startWaiting(); // those that waited for the freed slot come first
    }

    @Override
    public void resume(Call call) {
        if (!call.isDone()) {
            offer(call);
        }
    }

    @Override
    public void readmit(Call call, Origin from) {
        dispatcher.release(from);
        startWaiting(); // those that waited for the freed slot come first
        if (!call.isDone()) { // a listener of one started just now may have cancelled it
            offer(call);
        }
    }

    @Override
    public void ended(Call call, boolean hadSlot, boolean wasQueued) {
        live.remove(call);
        openRequests = live.size();
        if (wasQueued) {
            dispatcher.forget();
        }
        if (hadSlot) {
            dispatcher.release(call.origin());
            startWaiting();
        }
    }
}
