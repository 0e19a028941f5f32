/**
 * The Netty parts under a {@code Loop}, for fanout's own modules only: not API.
 *
 * <h2>Threading</h2>
 * {@link dev.fanout.loop.internal.NettyLoop} is thread-safe; channels registered with its event
 * loop are confined to the loop's thread.
 */
package dev.fanout.loop.internal;
