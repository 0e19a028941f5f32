/**
 * One thread running one Netty event loop: {@link dev.fanout.loop.Loop}.
 *
 * <h2>Threading</h2>
 * A {@code Loop} owns exactly one thread, named after the loop, started by
 * {@link dev.fanout.loop.Loop#start(String)} and ended by {@link dev.fanout.loop.Loop#close()}.
 * Every task, timer and future completion offered through a {@code Loop} runs on that thread,
 * one at a time, in the order offered (timers: in deadline order). State touched only from the
 * loop thread needs no locks. The methods of {@code Loop} itself are thread-safe and may be
 * called from any thread; {@link dev.fanout.loop.Loop#runNow(String, Runnable)} only from the
 * loop thread. Tasks must not block: while one runs, nothing else on the loop does, and the
 * loop reports a task that holds it longer than its slow-task threshold.
 */
package dev.fanout.loop;
