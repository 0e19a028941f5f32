package dev.fanout.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What {@code fanout demo} shows: fan-out itself (the usual mix), or one of the client's policies
 * against the faults it is for. Each case says what the client is given, what the intro says,
 * and what to run next: the same URLs with the policy off ({@code --baseline}), or on again.
 */
enum DemoCase {
    /** The usual mix: delays, slow bodies, a 503, a reset, a URL that never answers. */
    MIX(""),
    /** Transient failures that retries mend. */
    RETRY("--retry"),
    /** Requests that stall now and then, which hedged copies overtake. */
    HEDGE("--hedge"),
    /** A server that answers 429 beyond its rate, and a client paced to it. */
    RATE("--rate");

    /** The tries the {@code --retry} case allows each request: enough for a URL that fails twice. */
    static final int RETRY_ATTEMPTS = 3;

    /**
     * When the {@code --hedge} case sends a copy, in medians: past 97 requests in 100 of the
     * log-normal delays, so that most copies go to stalled requests and the hedging budget
     * (5% of the requests plus one a second) is not spent on the rest.
     */
    static final int HEDGE_MEDIANS = 4;

    /** The {@code --rate} case's server allows this many requests a second, and the client paces to it. */
    static final int RATE_PER_SECOND = 20;

    /** The option that picks this case ({@code --retry}), empty for the usual mix. */
    final String option;

    DemoCase(String option) {
        this.option = option;
    }

    /** Returns the {@code --rate} case's pace. */
    static Rate rate() {
        return new Rate(RATE_PER_SECOND, Duration.ofSeconds(1));
    }

    /** Returns what the client is given for {@code plan}; nothing of the case's policy for the {@code baseline}. */
    Resilience resilience(DemoPlan plan, boolean baseline) {
        Duration base = Resilience.DEFAULT_RETRY_BASE;
        return switch (this) {
            case MIX -> Resilience.none();
            case RETRY -> baseline ? Resilience.none() : new Resilience(RETRY_ATTEMPTS, base, null, null, false);
            case HEDGE -> new Resilience(1, base, baseline ? null : hedgeAfter(plan), null, true);
            case RATE -> baseline ? Resilience.none() : new Resilience(1, base, null, rate(), false);
        };
    }

    /** Returns when the {@code --hedge} case sends a copy: {@link #HEDGE_MEDIANS} medians. */
    static Duration hedgeAfter(DemoPlan plan) {
        return plan.median().multipliedBy(HEDGE_MEDIANS);
    }

    /** Returns the intro's lines about the URLs of this case's plan (none for the usual mix). */
    List<String> urls(DemoPlan plan) {
        Map<DemoPlan.Kind, Integer> counts = plan.counts();
        Duration median = plan.median();
        String delays = "answer 200 after a log-normal delay: median " + Format.duration(median) + ", "
                + Format.duration(median.dividedBy(5)) + " to " + Format.duration(median.multipliedBy(6));
        return switch (this) {
            case MIX -> List.of();
            case RETRY ->
                List.of(
                        counts.getOrDefault(DemoPlan.Kind.DELAY, 0) + " " + delays,
                        flaky(counts)
                                + (counts.containsKey(DemoPlan.Kind.STATUS_503)
                                        ? "; 1 answers 503 every time, which no retry mends"
                                        : ""));
            case HEDGE ->
                List.of(
                        plan.entries().size() + " " + delays,
                        "but the first request of " + counts.getOrDefault(DemoPlan.Kind.HICCUP, 0) + " of them stalls "
                                + Format.duration(median.multipliedBy(DemoPlan.STALL_MEDIANS))
                                + " (a pause in the server, a lost packet): the stall is the request's, not the URL's");
            case RATE ->
                List.of(
                        plan.entries().size() + " " + delays,
                        "on a server that allows " + RATE_PER_SECOND + " requests a second (a burst of "
                                + DemoServerRules.BURST + ") and answers 429 beyond");
        };
    }

    private static String flaky(Map<DemoPlan.Kind, Integer> counts) {
        int once503 = counts.getOrDefault(DemoPlan.Kind.FLAKY_503, 0);
        int twice503 = counts.getOrDefault(DemoPlan.Kind.FLAKY_503_TWICE, 0);
        int reset = counts.getOrDefault(DemoPlan.Kind.FLAKY_RESET, 0);
        StringBuilder text = new StringBuilder();
        if (once503 > 0) {
            text.append(once503).append(" answer 503 once");
        }
        if (reset > 0) {
            text.append(text.length() == 0 ? "" : ", ").append(reset).append(" reset the connection once");
        }
        if (twice503 > 0) {
            text.append(text.length() == 0 ? "" : ", ").append(twice503).append(" answer 503 twice");
        }
        return text.append(", then 200").toString();
    }

    /** Returns the intro's line about what the client does in this case, and what the run shows. */
    String shows(DemoPlan plan, boolean baseline) {
        return switch (this) {
            case MIX -> "";
            case RETRY ->
                baseline
                        ? "with no retries (--baseline): each failure is its request's result"
                        : "with retries (retry(RetryPolicy.exponential(" + RETRY_ATTEMPTS + ", 100ms, 2s))): up to "
                                + RETRY_ATTEMPTS + " tries each, waits with jitter up to 100 ms, doubling; the TRIES "
                                + "column and the summary count the extra sends";
            case HEDGE ->
                baseline
                        ? "with no hedging (--baseline): each stalled request waits its stall out"
                        : "hedged: a request with no answer after " + Format.duration(hedgeAfter(plan))
                                + " gets a copy, and the first answer wins (hedgeAfter("
                                + hedgeAfter(plan).toMillis()
                                + "ms)); the summary shows the copies and the tail";
            case RATE ->
                baseline
                        ? "not paced (--baseline): all at once, as fast as the client goes"
                        : "paced to " + rate().label() + " per origin, one start every "
                                + Format.duration(rate().interval()) + " (rateLimit(" + RATE_PER_SECOND
                                + ", 1s)): it takes longer, and no request is refused";
        };
    }

    /** Returns the words before the hint of what to run next: the same URLs, with or without the policy. */
    String next(boolean baseline) {
        String policy = switch (this) {
            case MIX -> "";
            case RETRY -> "retries";
            case HEDGE -> "hedging";
            case RATE -> "pacing";
        };
        return "next, the same URLs " + (baseline ? "with " : "without ") + policy + ":";
    }
}
