package dev.fanout.cli;

import dev.fanout.testkit.SlowEndpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the demo fetches, drawn from a seed: the same seed gives the same URLs, delays and
 * fault positions (the measured times vary, of course).
 *
 * <p>Most URLs answer 200 after a log-normal delay (a real service's shape: most fast, a long
 * tail) with the given median, kept within [median / 5, median × 6]: 50 ms to 1.5 s for the
 * default 250 ms. From 8 URLs on, the mix also holds slow bodies (headers at once, the body
 * dribbled over 2 to 4 medians: one URL in 20), one 503, one connection reset and one URL that
 * never answers, which the request timeout ends; over HTTP/2 the reset is left out
 * ({@link #withoutConnectionReset()}). Immutable.
 *
 * @param seed the seed everything was drawn from
 * @param median the median delay
 * @param entries one per URL, in order
 */
record DemoPlan(long seed, Duration median, List<Entry> entries) {

    /** Fewer URLs than this get delays only. */
    static final int MIN_FOR_FAULTS = 8;

    static final double SIGMA = 0.75;
    static final int SLOW_BODY_BYTES = 32_000;
    static final int SLOW_BODY_CHUNKS = 16;

    /** What one URL does. */
    enum Kind {
        DELAY("200"),
        SLOW_BODY("200"),
        STATUS_503("503"),
        RESET("CLOSED"),
        NEVER("TIMEOUT");

        final String expected;

        Kind(String expected) {
            this.expected = expected;
        }
    }

    /**
     * One URL of the plan.
     *
     * @param kind what it does
     * @param duration its delay (DELAY) or how long its body takes (SLOW_BODY); zero otherwise
     */
    record Entry(Kind kind, Duration duration) {

        /** Returns the URL on {@code server} that behaves as this entry says. */
        String url(SlowEndpoints server) {
            return switch (kind) {
                case DELAY -> server.delayed(duration);
                case SLOW_BODY -> server.slowBody(SLOW_BODY_BYTES, SLOW_BODY_CHUNKS, duration);
                case STATUS_503 -> server.status(503);
                case RESET -> server.connectionReset();
                case NEVER -> server.neverAnswers();
            };
        }

        /** Returns the outcome this entry should have: a status, or an error kind. */
        String expected() {
            return kind.expected;
        }
    }

    /** Draws a plan of {@code count} URLs from {@code seed}. */
    static DemoPlan of(long seed, int count, Duration median) {
        if (count < 1) {
            throw new IllegalArgumentException("count: " + count + " (expected: > 0)");
        }
        // SplittableRandom mixes its seed: with java.util.Random, seeds 1, 2, 3 put a fault at the same place.
        SplittableRandom random = new SplittableRandom(seed);
        List<Kind> kinds = new ArrayList<>(count);
        if (count >= MIN_FOR_FAULTS) {
            for (int i = 0; i < Math.max(1, count / 20); i++) {
                kinds.add(Kind.SLOW_BODY);
            }
            kinds.add(Kind.STATUS_503);
            kinds.add(Kind.RESET);
            kinds.add(Kind.NEVER);
        }
        while (kinds.size() < count) {
            kinds.add(Kind.DELAY);
        }
        for (int i = kinds.size() - 1; i > 0; i--) {
            Collections.swap(kinds, i, random.nextInt(i + 1));
        }
        long medianMs = Math.max(1, median.toMillis());
        List<Entry> entries = new ArrayList<>(count);
        for (Kind kind : kinds) {
            Duration d = switch (kind) {
                case DELAY -> Duration.ofMillis(logNormal(random, medianMs));
                case SLOW_BODY -> Duration.ofMillis(medianMs * 2 + (long) (random.nextDouble() * medianMs * 2));
                default -> Duration.ZERO;
            };
            entries.add(new Entry(kind, d));
        }
        return new DemoPlan(seed, Duration.ofMillis(medianMs), List.copyOf(entries));
    }

    private static long logNormal(SplittableRandom random, long medianMs) {
        double ms = medianMs * Math.exp(SIGMA * random.nextGaussian());
        return Math.round(Math.max(medianMs / 5.0, Math.min(medianMs * 6.0, ms)));
    }

    /**
     * Returns this plan for HTTP/2: its connection reset, if any, is a delay of one median
     * instead, and every other URL is as it was. Over HTTP/2 the requests share a connection, and
     * a reset (the server's, at the TCP level: HTTP/1.1's fault) would end every request on it,
     * not the one that asked for it.
     */
    DemoPlan withoutConnectionReset() {
        List<Entry> kept = entries.stream()
                .map(e -> e.kind() == Kind.RESET ? new Entry(Kind.DELAY, median) : e)
                .toList();
        return new DemoPlan(seed, median, kept);
    }

    /** Returns the longest planned delay or body: the timeout must be longer than this. */
    Duration longest() {
        return entries.stream().map(Entry::duration).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** Returns the timeout the demo uses unless told otherwise: the longest possible delay plus a second. */
    Duration defaultTimeout() {
        return median.multipliedBy(6).plusSeconds(1);
    }

    /** Returns how many entries there are of each kind. */
    Map<Kind, Integer> counts() {
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        entries.forEach(e -> counts.merge(e.kind(), 1, Integer::sum));
        return counts;
    }
}
