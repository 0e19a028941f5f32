/**
 * fanout's HTTP client: start every request of a batch at once on one loop thread, then await
 * them all. {@link dev.fanout.client.FanoutClient} is the entry point.
 *
 * <h2>Threading</h2>
 * A client owns (or shares) one {@link dev.fanout.loop.Loop}: one thread on which every socket,
 * timer and piece of client state lives, without locks. The public types are thread-safe
 * ({@code FanoutClient}, {@code Batch}) or immutable ({@code Request}, {@code Result},
 * {@code Response}, {@code FetchException}, {@code Timings}, {@code BatchStats}); builders are
 * not thread-safe. A caller's thread checks its input and hands each batch to the loop in one
 * task. {@code Batch.onResult} listeners and stages chained on the futures this package returns
 * (without an executor) run on the loop thread and must not block: while one runs, no request
 * of any client on that loop makes progress, and the loop logs, by name, one that holds it too
 * long. The blocking methods ({@code fetchAll}, {@code sendAll}, {@code awaitAll}) throw
 * {@link java.lang.IllegalStateException} on the loop thread instead of deadlocking.
 *
 * <p>A listener that blocks anyway does not take the callers' deadlines with it: a caller's
 * thread never waits for the loop without a bound. {@code Batch.awaitAll(Duration)} returns at
 * its deadline (the unfinished results settled as {@code TIMEOUT} by the caller if the loop
 * cannot end them), and {@code startAll} and {@code close()} wait at most the builder's
 * {@code handoffTimeout} for the loop, then log what they could not finish and return; the loop
 * catches up when it is free.
 *
 * <pre>{@code
 * // BAD: blocks the loop thread that would complete it
 * batch.onResult(r -> client.fetchAll(moreUrls));
 * // GOOD: stay asynchronous on the loop thread
 * batch.onResult(r -> client.fetchAllAsync(moreUrls).thenAccept(this::use));
 * }</pre>
 *
 * <h2>Logging</h2>
 * Through SLF4J. At DEBUG, logger {@code dev.fanout.client.connections} logs each connection's
 * open (origin, local and remote address, DNS, connect and TLS times), its reuse from the pool,
 * and its close with the reason (closed by the server, idle timeout, pool full, not reusable,
 * error, its request timed out or was cancelled, client closed); {@code dev.fanout.client.redirects}
 * logs each redirect followed (status, from, to). URLs are logged without their password. With
 * DEBUG off these cost one level check each and build nothing. Turn both on with
 * {@code <logger name="dev.fanout.client" level="DEBUG"/>} (Logback).
 */
package dev.fanout.client;
