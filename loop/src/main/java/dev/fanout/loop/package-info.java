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
 *
 * <h2>The watchdog</h2>
 * Besides the loop threads, the JVM holds at most one more fanout thread: the daemon
 * {@value dev.fanout.loop.Loop#WATCHDOG_THREAD_NAME}, shared by every open loop whose slow-task
 * threshold is not zero. It starts with the first such loop and ends when the last one closes.
 * While a task or timer runs past its loop's threshold, it logs a warning naming the loop, the
 * task's label and how long it has run so far, with the loop thread's stack, and again at 2x,
 * 4x, 8x... the threshold (a minute apart at most) while the task stays stuck; the
 * {@link dev.fanout.loop.Loop.Builder#onSlowTask slow-task listener} is told each time, on the
 * watchdog thread. When the task returns, the loop thread warns once more with the total. The
 * loop thread publishes what it runs with release stores and never waits for the watchdog;
 * {@link dev.fanout.loop.Loop#runningTask()} reads the same.
 *
 * <h2>Time</h2>
 * A loop keeps time on its {@link dev.fanout.loop.LoopClock}: its timers count down on it, and
 * code on the loop reads it through {@link dev.fanout.loop.Loop#nanoTime()} for deadlines and
 * timings. By default that is the system's clock ({@code System.nanoTime()}), and Netty's
 * scheduler keeps the timers, at no cost over Netty's own. A test builds the loop with a
 * {@link dev.fanout.loop.ManualClock} instead: time then stands still until the test advances
 * it, and each advance fires the timers that fall due, on the loop thread, in deadline order,
 * before it returns; sockets and tasks stay real. The slow-task timing, the watchdog and the
 * close timeout stay on real time whatever the clock: they measure the real thread.
 *
 * <h2>Closing</h2>
 * {@link dev.fanout.loop.Loop#close()} called from another thread waits for the loop thread to
 * end, at most the builder's {@link dev.fanout.loop.Loop.Builder#closeTimeout close timeout}
 * (5 s by default). If the thread is still held then, it logs a warning naming the task that
 * holds it and how long it has, with the thread's stack, and returns; the thread ends when that
 * task returns.
 *
 * <h2>Netty</h2>
 * The loop runs on Netty 4.2's {@code IoHandler} API. A class path that holds an older Netty (a
 * build that imports a 4.1 {@code netty-bom}, or Spring Boot's {@code netty.version} pinned to
 * 4.1) makes {@link dev.fanout.loop.Loop.Builder#start()} throw an
 * {@link java.lang.IllegalStateException} that names the Netty found and what to change,
 * before any class of Netty 4.2's is touched.
 */
package dev.fanout.loop;
