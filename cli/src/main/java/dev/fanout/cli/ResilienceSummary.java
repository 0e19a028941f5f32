package dev.fanout.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The summary's lines about retries, hedging, the rate limit and the tail: what was asked of the
 * client, and what it did. Each line shows when its option was on, or, for retries and hedges,
 * when the client sent a request again of its own accord (a replay after a stale pooled
 * connection counts as a retry). Immutable.
 *
 * <pre>
 *   retries      9 sends again, for 7 requests (the most tries: 3)   up to 3 tries each, ...
 *   hedges       6 copies sent, each 750 ms after its request, which had no answer
 *   rate         20/s per origin, one start every 50 ms: 59 of 60 requests waited their turn; none answered 429
 *   latency      p50 251 ms, p90 702 ms, p99 1.01 s, max 1.05 s
 * </pre>
 *
 * @param asked what the run asked of the client
 * @param requests how many requests
 * @param retries the sends again after a failure, hedged copies aside
 * @param retried how many requests were sent again at least once
 * @param mostTries the most tries of one request, hedged copies aside
 * @param hedges the hedged copies sent
 * @param waited how many requests waited half a turn or more before they started (queued: for
 *     their origin's turn, or a slot); every request queues a few microseconds, which is no wait
 * @param tooMany how many responses were 429 Too Many Requests
 * @param totals every request's own time, shortest first
 */
record ResilienceSummary(
        Resilience asked,
        int requests,
        int retries,
        int retried,
        int mostTries,
        int hedges,
        int waited,
        int tooMany,
        List<Duration> totals) {

    /** Counts what the client did for {@code rows}. */
    static ResilienceSummary of(List<Row> rows, Resilience asked) {
        int retries = 0;
        int retried = 0;
        int most = 0;
        int hedges = 0;
        int waited = 0;
        int tooMany = 0;
        Duration halfTurn =
                asked.rate() == null ? Duration.ZERO : asked.rate().interval().dividedBy(2);
        for (Row row : rows) {
            retries += row.retries();
            retried += row.retries() > 0 ? 1 : 0;
            most = Math.max(most, row.attempts() - row.hedges());
            hedges += row.hedges();
            waited += asked.rate() != null && row.timings().queued().compareTo(halfTurn) >= 0 ? 1 : 0;
            tooMany += row.status() == 429 ? 1 : 0;
        }
        List<Duration> totals = rows.stream().map(Row::total).sorted().toList();
        return new ResilienceSummary(asked, rows.size(), retries, retried, most, hedges, waited, tooMany, totals);
    }

    /**
     * Returns the {@code p}-th percentile (0 to 100, nearest rank) of the requests' times, as
     * {@code BatchStats.percentile} reckons it; zero for no requests.
     */
    Duration percentile(double p) {
        if (totals.isEmpty()) {
            return Duration.ZERO;
        }
        int rank = (int) Math.ceil(p / 100 * totals.size());
        return totals.get(Math.max(0, rank - 1));
    }

    /** Prints the lines about retries, hedges and the rate, those that apply. */
    void renderCounts(PrintWriter out, Style style, int width) {
        if (asked.retries() || retries > 0) {
            String value = retries == 0
                    ? "none: every request's first try was its result"
                    : retries + (retries == 1 ? " send" : " sends") + " again, for " + retried
                            + (retried == 1 ? " request" : " requests") + " (the most tries: " + mostTries + ")";
            String note = asked.retries()
                    ? "up to " + asked.attempts() + " tries each, backoff with jitter from "
                            + Format.duration(asked.retryBase()) + " doubling to "
                            + Format.duration(asked.retryBase().multipliedBy(Resilience.RETRY_MAX_FACTOR))
                    : "replays after a stale pooled connection";
            Summary.line(out, style, width, "retries", value, note);
        }
        if (asked.hedges() || hedges > 0) {
            String when = hedgeWhen();
            String value = hedges == 0
                    ? "none: no request went " + when + " without an answer"
                    : hedges + (hedges == 1 ? " copy" : " copies") + " sent, each " + when + " without an answer";
            Summary.line(out, style, width, "hedges", value, "the first answer won; the other copy was cancelled");
        }
        Rate rate = asked.rate();
        if (rate != null) {
            Summary.line(
                    out,
                    style,
                    width,
                    "rate",
                    rate.label() + " per origin, one start every " + Format.duration(rate.interval()) + ": " + waited
                            + " of " + requests + (requests == 1 ? " request" : " requests")
                            + " waited their turn; " + (tooMany == 0 ? "none" : Integer.toString(tooMany))
                            + " answered 429",
                    null);
        }
    }

    /** Says when a request was hedged: after the fixed delay, past the batch's percentile, or both. */
    private String hedgeWhen() {
        String percentile = asked.hedgePercentile() > 0
                ? "past the batch's p" + Format.percent(asked.hedgePercentile()) + " so far"
                : "";
        if (asked.hedgeAfter() == null) {
            return percentile.isEmpty() ? "long" : percentile;
        }
        String fixed = Format.duration(asked.hedgeAfter()) + " after its write";
        return percentile.isEmpty() ? fixed : fixed + " or " + percentile + ", whichever came first";
    }

    /** Prints the latency percentiles when asked (with hedging, which is about them). */
    void renderTail(PrintWriter out, Style style, int width) {
        if (asked.tail() && !totals.isEmpty()) {
            Summary.line(
                    out,
                    style,
                    width,
                    "latency",
                    String.format(
                            Locale.ROOT,
                            "p50 %s, p90 %s, p99 %s, max %s",
                            Format.duration(percentile(50)),
                            Format.duration(percentile(90)),
                            Format.duration(percentile(99)),
                            Format.duration(percentile(100))),
                    "each request's own time");
        }
    }
}
