/**
 * The implementation of {@code dev.fanout.client}: not API, may change in any release.
 *
 * <h2>Threading</h2>
 * Everything here but {@link dev.fanout.client.internal.Target},
 * {@link dev.fanout.client.internal.HttpSyntax}, {@link dev.fanout.client.internal.TlsContexts}
 * and the records (made and checked on the caller's thread) is confined to the client's loop
 * thread: the {@link dev.fanout.client.internal.Engine}, its dispatcher, pool, connector, every
 * call, its steps and attempts, and every Netty handler. None of it takes a lock; the public layer
 * hands work to the loop in one task per batch. Callbacks into user code happen only through
 * {@link dev.fanout.client.internal.CallListener}, after the engine's own state is updated.
 *
 * <h2>Layers</h2>
 * A {@link dev.fanout.client.internal.Call} is one request's life in a batch (admission, its
 * timeout, its result); it runs {@link dev.fanout.client.internal.Step}s, assembled by the
 * {@link dev.fanout.client.internal.Engine}: {@code FollowRedirects} around {@code ReplayOnStale}
 * around {@code Attempt}, one request and its response on one connection. Connections are
 * handed out by the pool as "a connection to this origin with room for one more exchange"
 * ({@code PooledConnection}), or opened by the {@code Connector}, which answers through a
 * callback.
 *
 * <h2>Buffers</h2>
 * No Netty buffer leaves this package: response bytes are copied into a plain array
 * ({@code BodyBuffer}) and each buffer released at once by {@code ExchangeHandler}, in
 * {@code finally}. Request bodies are wrapped (not copied) and released by Netty's encoder.
 */
package dev.fanout.client.internal;
