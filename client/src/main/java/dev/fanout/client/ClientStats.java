package dev.fanout.client;

/**
 * What a {@link FanoutClient} holds open, as its loop last changed each number: for gauges and
 * diagnostics, read from any thread by {@link FanoutClient#stats()} without waiting for the loop
 * (so the numbers are each current, though not taken at one instant together).
 *
 * @param openRequests requests admitted and not ended, over every batch (queued, waiting to
 *     retry, connecting, on the wire)
 * @param openConnections connections open or being set up, busy or idle
 * @param idleConnections open connections pooled with nothing on them, kept for reuse
 */
public record ClientStats(int openRequests, int openConnections, int idleConnections) {}
