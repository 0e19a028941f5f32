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
 * around {@code Attempt}, one request and its response on one connection. The
 * {@code ConnectionSource} finds each attempt a connection: from the pool, which hands out "a
 * connection to this origin with room for one more exchange" ({@code PooledConnection}), from
 * the {@code Connector}, which answers through a callback, or, over HTTP/2, a stream on a
 * connection being set up or one that frees. The attempt holds a {@code Lease}: the whole
 * connection over HTTP/1.1 ({@code Connection}), one stream over HTTP/2 ({@code Http2Stream}
 * of an {@code Http2Connection}).
 *
 * <h2>Buffers</h2>
 * No Netty buffer leaves this package: response bytes are copied into a plain array
 * ({@code BodyBuffer}) and each buffer released at once by {@code ExchangeHandler} (over
 * HTTP/2, the stream's handler in {@code Http2Stream}), in {@code finally}. Request bodies are wrapped (not copied) and released by Netty's encoder.
 */
package dev.fanout.client.internal;
