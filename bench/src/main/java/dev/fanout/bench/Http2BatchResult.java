package dev.fanout.bench;

/**
 * One batch of one contender in {@link Http2FanOutBench}: as the client saw it and as the server
 * counted it.
 *
 * @param warmUp whether the batch was a warm-up one, not counted in the figures
 * @param wallMillis the batch's wall time, from the first request sent to the last answer read
 * @param outcome what became of each request, as the client saw it
 * @param server what the server counted during the batch
 */
record Http2BatchResult(boolean warmUp, long wallMillis, BatchOutcome outcome, OriginCounts server) {}
