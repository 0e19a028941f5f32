package dev.fanout.client.internal;

import io.netty.channel.Channel;

/**
 * A connection {@link Connector} is making for a {@link Connector.Callback}; {@link #abort()}
 * stops it. Loop-confined.
 */
final class PendingConnect {
    final Route route;
    final Connector.Callback callback;
    /** True once {@link #abort()} was called. */
    boolean aborted;
    /** The channel being connected; null before the connect starts. */
    Channel channel;

    private Runnable whenAborted;

    PendingConnect(Route route, Connector.Callback callback) {
        this.route = route;
        this.callback = callback;
    }

    /** Runs {@code task} if the attempt is aborted (one task: the last given). */
    void whenAborted(Runnable task) {
        whenAborted = task;
    }

    /** Stops the attempt: no callback will come, and the channel, if any, is closed. */
    void abort() {
        aborted = true;
        Runnable task = whenAborted;
        whenAborted = null;
        if (task != null) {
            task.run();
        }
        if (channel != null) {
            ProxyTunnels.close(channel);
        }
    }
}
