package dev.fanout.client.internal;

import dev.fanout.client.FetchException;
import dev.fanout.client.Request;
import dev.fanout.client.Result;
import java.util.List;

/**
 * Makes the public {@link Result}s of a batch from what the loop gathered: the public package
 * implements it, so that the results' constructors stay its own and it imports none of the
 * engine's types. Thread-safe (stateless but for the JSON mapper the responses carry).
 *
 * <p>A result's {@code phaseNanos} are its {@link dev.fanout.client.Timings}' components in
 * nanoseconds, in their order (start, queued, dns, connect, tls, waiting, receiving, total),
 * none negative: {@link TimingsRecorder#phaseNanos}. The result keeps the array.
 */
public interface ResultFactory {

    /** Returns the result of input {@code index}, {@code request}, that got a response. */
    Result response(
            int index,
            Request request,
            int status,
            String protocol,
            List<String> headerPairs,
            byte[] body,
            String url,
            int attempts,
            int hedges,
            long[] phaseNanos);

    /** Returns the result of input {@code index}, {@code request}, that ended with {@code error}. */
    Result failure(int index, Request request, FetchException error, int attempts, int hedges, long[] phaseNanos);

    /** Returns the phases of a request that ended before any phase began: only its start and total. */
    static long[] withoutPhases(long startNanos, long totalNanos) {
        long[] phases = new long[8];
        phases[0] = startNanos;
        phases[7] = totalNanos;
        return phases;
    }
}
