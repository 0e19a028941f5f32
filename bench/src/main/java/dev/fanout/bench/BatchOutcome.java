package dev.fanout.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What became of one batch's requests: how many got what was asked for (a 200 over HTTP/2), and
 * every other outcome summed up by its description, for example {@code IOException: too many
 * concurrent streams} or {@code 200 over HTTP/1.1}.
 *
 * @param requests the requests in the batch
 * @param ok the requests answered 200 over HTTP/2
 * @param failures each other outcome's description and how many requests it befell
 */
record BatchOutcome(int requests, int ok, Map<String, Integer> failures) {

    /** The longest description kept: enough for an exception's class and message. */
    private static final int MAX_DESCRIPTION = 200;

    /**
     * Sums up {@code problems}, one per request in the order sent: null for a 200 over HTTP/2,
     * else what happened instead. Each description has the request's own URL replaced by
     * {@code <url>}, so that one kind of failure is one line, whichever URL it befell.
     */
    static BatchOutcome of(List<String> urls, String[] problems) {
        Map<String, Integer> failures = new TreeMap<>();
        int ok = 0;
        for (int i = 0; i < problems.length; i++) {
            if (problems[i] == null) {
                ok++;
            } else {
                failures.merge(clean(problems[i].replace(urls.get(i), "<url>")), 1, Integer::sum);
            }
        }
        return new BatchOutcome(problems.length, ok, failures);
    }

    /** Returns the description of a failure: the innermost cause's class and message. */
    static String describe(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String text = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return cause == error ? text : error.getClass().getSimpleName() + " / " + text;
    }

    /** Returns the description of an answer that is not a 200 over HTTP/2. */
    static String describeAnswer(int status, String protocol) {
        return status + " over " + protocol;
    }

    /** Returns the requests that did not get a 200 over HTTP/2. */
    int failed() {
        return requests - ok;
    }

    /** Returns this outcome with the failures of {@code other} added, for a sum over batches. */
    BatchOutcome plus(BatchOutcome other) {
        Map<String, Integer> sum = new LinkedHashMap<>(failures);
        other.failures.forEach((text, count) -> sum.merge(text, count, Integer::sum));
        return new BatchOutcome(requests + other.requests, ok + other.ok, sum);
    }

    /** Returns {@code text} on one line of at most {@link #MAX_DESCRIPTION} characters. */
    static String clean(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() <= MAX_DESCRIPTION ? line : line.substring(0, MAX_DESCRIPTION) + "…";
    }
}
