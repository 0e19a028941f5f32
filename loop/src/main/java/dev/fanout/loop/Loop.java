package dev.fanout.loop;

import dev.fanout.loop.internal.NettyLoop;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One thread running one Netty event loop: the home of every socket, timer and piece of state
 * of the clients that use it.
 *
 * <pre>{@code
 * try (Loop loop = Loop.start("fanout-loop-1")) {
 *     loop.execute(() -> System.out.println("on " + Thread.currentThread().getName()));
 *     CompletableFuture<Integer> answer = loop.submit(() -> 6 * 7);
 *     Cancellable timer = loop.schedule(() -> System.out.println("later"), Duration.ofMillis(50));
 * }
 * }</pre>
 *
 * <p>Tasks run one at a time, in the order they were offered; timers fire in deadline order
 * (timers with the same deadline in the order they were scheduled). The loop times every task
 * and timer it runs: one that holds the thread longer than the slow-task threshold (100 ms by
 * default) is logged as a warning that names it once it ends, counted in {@link #stats()}, and
 * handed to the builder's {@link Builder#onSlowTask slow-task listener}. While it runs, the
 * JVM's one {@value #WATCHDOG_THREAD_NAME} thread warns about it too, with the loop thread's
 * stack, at 1x, 2x, 4x... the threshold: a task that never returns is not silent.
 * {@link #runningTask()} says what the loop runs now. Timers count down on the loop's
 * {@link #clock() clock}, the system's unless the builder was given a {@link ManualClock} (for
 * tests); the slow-task timing stays on real time, since it measures the real thread. A task
 * that blocks the loop thread delays every request of every client on it: do not block in a
 * task, and split long work into short tasks.
 *
 * <p>Thread-safe: every method may be called from any thread. Offering work after
 * {@link #close()} throws {@link RejectedExecutionException}, except from the loop thread
 * itself while it drains (so that the last tasks may still hand work to each other).
 */
public final class Loop implements AutoCloseable {

    /** The default slow-task threshold. */
    public static final Duration DEFAULT_SLOW_TASK_THRESHOLD = Duration.ofMillis(100);

    /**
     * The default bound on how long {@link #close()} waits for the loop thread to end: long
     * enough for the queued tasks of a healthy loop, short enough that a stuck one does not
     * hang the caller's shutdown.
     */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    /** The name of the one JVM-wide daemon thread that watches every open loop for stuck tasks. */
    public static final String WATCHDOG_THREAD_NAME = "fanout-watchdog";

    // A bound on the bound, so that a deadline computed from it does not overflow.
    private static final long MAX_CLOSE_WAIT_NANOS = TimeUnit.DAYS.toNanos(365);

    private final String name;
    private final NettyLoop netty;
    private final EventLoop eventLoop;
    private final Thread thread;
    private final TaskTiming timing;
    private final Duration closeTimeout;
    private final LoopClock clock;
    private final ManualTimers manualTimers; // null on the system clock: Netty's scheduler keeps the timers
    private volatile boolean closed;

    private Loop(Builder builder) {
        this.name = builder.name;
        this.closeTimeout = builder.closeTimeout;
        this.clock = builder.clock;
        this.timing = new TaskTiming(builder.name, builder.slowTaskThreshold, builder.slowTaskListener);
        ManualClock manual = clock instanceof ManualClock m ? m : null;
        this.manualTimers = manual != null ? new ManualTimers(this, manual) : null;
        if (manual != null) {
            manual.drive(this, manualTimers);
        }
        try {
            this.netty = NettyLoop.start(builder.name, builder.transport);
        } catch (RuntimeException e) {
            if (manual != null) {
                manual.release(manualTimers);
            }
            throw e;
        }
        this.eventLoop = netty.eventLoop();
        this.thread = netty.thread();
        Watchdog.watch(thread, timing);
    }

    /**
     * Starts a loop whose thread is named {@code name}, with the default options.
     *
     * @throws NullPointerException if name is null
     * @throws IllegalArgumentException if name is blank
     * @throws IllegalStateException if the Netty on the class path is older than 4.2 (the message
     *     says what to change)
     */
    public static Loop start(String name) {
        return builder().name(name).start();
    }

    /** Returns a builder of a loop with non-default options. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the loop's name, which is also its thread's name. */
    public String name() {
        return name;
    }

    /** Returns the IO transport the loop runs on. */
    public Transport transport() {
        return netty.transport();
    }

    /** Returns true when called on this loop's thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Returns the loop's one thread. */
    public Thread thread() {
        return thread;
    }

    /**
     * Returns the loop's clock: the one its timers count down on, and the one to read (through
     * {@link #nanoTime()}) for deadlines and timings that a test should be able to control.
     */
    public LoopClock clock() {
        return clock;
    }

    /** Returns the loop's clock's reading, in nanoseconds: {@code clock().nanoTime()}. */
    public long nanoTime() {
        return clock.nanoTime();
    }

    /** Returns true once {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Throws if called on this loop's thread, where a blocking {@code operation} would wait for
     * work that only this thread can do.
     *
     * <pre>{@code
     * // BAD: inside a task or callback on the loop thread, this would wait forever
     * loop.execute(() -> client.fetchAll(urls));
     * // GOOD: stay asynchronous on the loop thread
     * loop.execute(() -> client.fetchAllAsync(urls).thenAccept(this::use));
     * }</pre>
     *
     * @throws IllegalStateException if the caller is the loop thread
     */
    public void checkNotInLoop(String operation) {
        if (inLoop()) {
            throw new IllegalStateException(operation + " called on the loop thread '" + name
                    + "' would deadlock: it blocks the only thread that can complete it"
                    + " (use the asynchronous form instead)");
        }
    }

    /**
     * Runs {@code task} on the loop thread, after the tasks offered before it.
     *
     * @throws RejectedExecutionException if the loop is closed
     */
    public void execute(Runnable task) {
        execute(null, task);
    }

    /**
     * Runs {@code task} on the loop thread, after the tasks offered before it; a slow-task
     * warning names it by {@code label}.
     *
     * @param label what the task does, for warnings (null: the task's class)
     * @throws RejectedExecutionException if the loop is closed
     */
    public void execute(String label, Runnable task) {
        Objects.requireNonNull(task, "task");
        checkOpen();
        eventLoop.execute(timing.wrap(label, task, task));
    }

    /**
     * Runs {@code task} on the loop thread and returns a future of its result. The future
     * completes on the loop thread: stages chained to it run there unless given an executor.
     *
     * @throws RejectedExecutionException if the loop is closed
     */
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        return submit(null, task);
    }

    /**
     * Runs {@code task} on the loop thread and returns a future of its result; a slow-task
     * warning names it by {@code label}. The future completes on the loop thread.
     *
     * @param label what the task does, for warnings (null: the task's class)
     * @throws RejectedExecutionException if the loop is closed
     */
    public <T> CompletableFuture<T> submit(String label, Callable<T> task) {
        Objects.requireNonNull(task, "task");
        CompletableFuture<T> future = new CompletableFuture<>();
        checkOpen();
        eventLoop.execute(timing.wrap(label, task, () -> {
            if (future.isDone()) {
                return; // cancelled before it started
            }
            try {
                future.complete(task.call());
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        }));
        return future;
    }

    /**
     * Runs {@code task} on the loop thread once {@code delay} has passed on the loop's
     * {@link #clock() clock}.
     *
     * @throws RejectedExecutionException if the loop is closed
     * @throws IllegalArgumentException if delay is negative
     */
    public Cancellable schedule(Runnable task, Duration delay) {
        return schedule(null, task, delay);
    }

    /**
     * Runs {@code task} on the loop thread once {@code delay} has passed on the loop's
     * {@link #clock() clock}; a slow-task warning names it by {@code label}. On the system clock
     * Netty's scheduler keeps the timer; on a {@link ManualClock}, that clock does, and the
     * timer fires during the {@link ManualClock#advance advance} that reaches its deadline.
     *
     * @param label what the timer does, for warnings (null: the task's class)
     * @throws RejectedExecutionException if the loop is closed
     * @throws IllegalArgumentException if delay is negative
     */
    public Cancellable schedule(String label, Runnable task, Duration delay) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay: " + delay + " (expected: >= 0)");
        }
        checkOpen();
        if (manualTimers != null) {
            return manualTimers.schedule(timing.wrap(label, task, task), saturatedNanos(delay));
        }
        ScheduledFuture<?> timer =
                eventLoop.schedule(timing.wrap(label, task, task), saturatedNanos(delay), TimeUnit.NANOSECONDS);
        return new Cancellable() {
            @Override
            public boolean cancel() {
                return timer.cancel(false);
            }

            @Override
            public boolean isCancelled() {
                return timer.isCancelled();
            }

            @Override
            public String toString() {
                return "timer(" + (label != null ? label : TaskTiming.labelOf(task)) + ")";
            }
        };
    }

    /**
     * Runs {@code task} now, on the calling loop thread, timed like any task the loop runs: the
     * way to call code that the loop does not own (a user's callback, say) so that a slow one
     * is reported by name. An exception from the task is logged and not rethrown.
     *
     * @throws IllegalStateException if not called on the loop thread
     */
    public void runNow(String label, Runnable task) {
        Objects.requireNonNull(task, "task");
        if (!inLoop()) {
            throw new IllegalStateException("runNow(" + label + ") must be called on the loop thread '" + name
                    + "', not on '" + Thread.currentThread().getName() + "'");
        }
        timing.wrap(label, task, task).run();
    }

    /**
     * Returns the task or timer the loop thread runs now, with how long it has run so far
     * ({@link SlowTask#finished()} false), whether or not it is past the slow-task threshold;
     * empty while the loop is idle or busy with Netty's own channel events. Under
     * {@link #runNow}, the innermost task. A snapshot: the task may have returned by the time
     * the caller reads it, and a future from {@link #submit} completes inside its task, so a
     * thread woken by that future may still see the task for a moment.
     */
    public Optional<SlowTask> runningTask() {
        TaskTiming.Timed task = timing.running();
        if (task == null) {
            return Optional.empty();
        }
        Duration ran = Duration.ofNanos(timing.runningNanos());
        return Optional.of(new SlowTask(name, task.toString(), ran, false));
    }

    /**
     * Returns the Netty parts under this loop, for fanout's own modules: not API, and it may
     * change in any release. The client registers its channels with them.
     *
     * <p>A loop is built on the {@link NettyLoop} it owns, and this is the one way to reach it:
     * a plain call, so that nothing has to install an access hook at run time and
     * {@code NettyLoop} does not know {@code Loop}. Its package is exported to
     * {@code dev.fanout.client} only: another module may call this method but can neither name
     * the type it returns nor call any of its methods; the compiler refuses both.
     */
    @SuppressWarnings("exports") // NettyLoop's package is exported to fanout's client only, on purpose
    public NettyLoop netty() {
        return netty;
    }

    /** Returns a snapshot of the loop's counters. */
    public LoopStats stats() {
        return timing.stats(netty.pendingTasks());
    }

    /**
     * Closes the loop: tasks already offered still run, timers not yet due are dropped, then the
     * thread ends. Idempotent. Called from another thread, returns once the thread has ended,
     * or once the builder's {@link Builder#closeTimeout close timeout} has passed: then a
     * warning names the task that holds the loop thread, which ends when that task returns.
     * Called on the loop thread itself, returns at once and the thread ends after the current
     * task.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            netty.shutdown();
        }
        if (inLoop()) {
            return; // the watchdog lets go of this loop once its thread has ended
        }
        long waitNanos = Math.min(saturatedNanos(closeTimeout), MAX_CLOSE_WAIT_NANOS);
        if (netty.awaitTermination(waitNanos, TimeUnit.NANOSECONDS)) {
            Watchdog.unwatch(timing);
        } else {
            CloseReport.unfinished(this, closeTimeout, netty.pendingTasks());
        }
    }

    @Override
    public String toString() {
        return "Loop(" + name + ", " + netty.transport() + (closed ? ", closed)" : ")");
    }

    private void checkOpen() {
        if (closed && !inLoop()) {
            throw new RejectedExecutionException("loop '" + name + "' is closed");
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Options for a {@link Loop}. Not thread-safe: build on one thread.
     */
    public static final class Builder {
        private String name;
        private Transport transport;
        private Duration slowTaskThreshold = DEFAULT_SLOW_TASK_THRESHOLD;
        private Consumer<SlowTask> slowTaskListener;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private LoopClock clock = LoopClock.system();

        private Builder() {}

        /** Sets the loop's name, which its thread takes too. Required. */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name: \"" + name + "\" (expected: not blank)");
            }
            this.name = name;
            return this;
        }

        /**
         * Sets the IO transport. By default the loop runs on the one the system property
         * {@code fanout.transport} names ({@code io_uring}, {@code epoll} or {@code nio}), else on
         * {@link Transport#IO_URING} when Netty's native io_uring transport loads here, else on
         * {@link Transport#EPOLL} when its native epoll transport loads, else on
         * {@link Transport#NIO}; asking for EPOLL or IO_URING, here or by the property, where it
         * does not load fails in {@link #start()}, with the reason Netty gives.
         */
        public Builder transport(Transport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /**
         * Sets how long one task may hold the loop before it is reported as slow (default
         * 100 ms), both by the watchdog while it runs and once it ends; {@link Duration#ZERO}
         * turns reporting off, and the watchdog then does not watch this loop.
         */
        public Builder slowTaskThreshold(Duration threshold) {
            Objects.requireNonNull(threshold, "threshold");
            if (threshold.isNegative()) {
                throw new IllegalArgumentException("slowTaskThreshold: " + threshold + " (expected: >= 0)");
            }
            this.slowTaskThreshold = threshold;
            return this;
        }

        /**
         * Sets a listener told of each slow task, besides the log warnings. It is told twice
         * over: while a task is stuck, on the {@value Loop#WATCHDOG_THREAD_NAME} thread, each
         * time the watchdog warns ({@link SlowTask#finished()} false, the duration so far); and
         * once the task has returned, on the loop thread right after it ({@code finished()}
         * true, the whole duration). It must be thread-safe and must not block.
         */
        public Builder onSlowTask(Consumer<SlowTask> listener) {
            this.slowTaskListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets how long {@link Loop#close()} waits for the loop thread to end (default
         * {@link Loop#DEFAULT_CLOSE_TIMEOUT 5 s}) before it warns about the task that holds the
         * loop and returns.
         */
        public Builder closeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("closeTimeout: " + timeout + " (expected: > 0)");
            }
            this.closeTimeout = timeout;
            return this;
        }

        /**
         * Sets the loop's clock (default {@link LoopClock#system()}): the time its timers count
         * down on and {@link Loop#nanoTime()} reads. The slow-task threshold, the watchdog and
         * the close timeout stay on real time whatever the clock.
         */
        public Builder clock(LoopClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Starts the loop's thread and returns once it runs.
         *
         * @throws IllegalStateException if no name was set, if {@code fanout.transport} names no
         *     transport, if EPOLL or IO_URING was asked for and does not load, or if the Netty on
         *     the class path is older than 4.2 (the message says what to change)
         */
        public Loop start() {
            if (name == null) {
                throw new IllegalStateException("name: not set (expected: a thread name)");
            }
            NettyRequirement.check(); // before any class of Netty 4.2's is touched
            return new Loop(this);
        }
    }
}
