package dev.fanout.client;

/**
 * The connections a {@link FanoutClient} holds open to one origin, as its loop last changed each
 * number: for per-origin gauges (in the spirit of Reactor Netty's pool metrics per remote
 * address), read from any thread by {@link FanoutClient#stats(String)} and
 * {@link FanoutClient#originStats()} without waiting for the loop. Connections through a proxy
 * count under the origin they serve, not the proxy's. The numbers are each current, though not
 * taken at one instant together.
 *
 * @param origin the origin, {@code scheme://host[:port]} (the port given unless it is the
 *     scheme's default), such as {@code "https://api.example.com"}
 * @param openConnections connections to it open or being set up, busy or idle
 * @param idleConnections of those, the ones pooled with nothing on them, kept for reuse
 */
public record OriginStats(String origin, int openConnections, int idleConnections) {

    /** Returns the connections open and not idle: being set up, or carrying requests. */
    public int activeConnections() {
        return openConnections - idleConnections;
    }
}
