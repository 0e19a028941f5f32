package dev.fanout.cli;

import dev.fanout.testkit.Failure;
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
 * ({@link #withoutConnectionReset()}).
 *
 * <p>The cases that show one of the client's policies ({@link DemoCase}) draw their own mix:
 * log-normal delays as above, and for {@code --retry} one URL in five failing once or twice
 * before its 200 (a 503, or over HTTP/1.1 a connection reset) and from 8 URLs on one that
 * answers 503 every time; for {@code --hedge} one URL in ten whose first request stalls
 * {@link #STALL_MEDIANS} medians; for {@code --rate} every URL on the rate-limited server.
 * Immutable.
 *
 * @param seed the seed everything was drawn from
 * @param median the median delay
 * @param entries one per URL, in order
 * @param demoCase what the plan shows
 */
record DemoPlan(long seed, Duration median, List<Entry> entries, DemoCase demoCase) {

    /** Fewer URLs than this get delays only. */
    static final int MIN_FOR_FAULTS = 8;

    static final double SIGMA = 0.75;
    static final int SLOW_BODY_BYTES = 32_000;
    static final int SLOW_BODY_CHUNKS = 16;

    /** A hiccup's stall, in medians: twice the longest delay, so that it is the tail. */
    static final int STALL_MEDIANS = 12;

    /** What one URL does; what it should end as, and what without the case's policy (the baseline). */
    enum Kind {
        DELAY("200"),
        SLOW_BODY("200"),
        STATUS_503("503"),
        RESET("CLOSED"),
        NEVER("TIMEOUT"),
        /** 503 once, then 200. */
        FLAKY_503("200", "503"),
        /** 503 twice, then 200: it takes three tries. */
        FLAKY_503_TWICE("200", "503"),
        /**
         * A connection reset once, then 200. Without retries it may still end 200: a reset on a
         * reused connection looks like a stale one, which the client replays (once) whatever the policy.
         */
        FLAKY_RESET("200", "CLOSED or 200"),
        /** The first request stalls; the others answer after the delay. */
        HICCUP("200"),
        /** On the rate-limited server: 429 beyond its limit. */
        PACED("200", "200 or 429");

        final String expected;
        final String baseline;

        Kind(String expected) {
            this(expected, expected);
        }

        Kind(String expected, String baseline) {
            this.expected = expected;
            this.baseline = baseline;
        }
    }

    /**
     * One URL of the plan.
     *
     * @param kind what it does
     * @param duration its delay (DELAY, HICCUP after the first request, PACED) or how long its
     *     body takes (SLOW_BODY); zero otherwise
     * @param stall how long a HICCUP's first request stalls; zero otherwise
     */
    record Entry(Kind kind, Duration duration, Duration stall) {

        /** An entry with no stall. */
        Entry(Kind kind, Duration duration) {
            this(kind, duration, Duration.ZERO);
        }

        /** Returns the URL on {@code server} that behaves as this entry says; {@code tag} is its index. */
        String url(SlowEndpoints server, int tag) {
            return switch (kind) {
                case DELAY -> server.delayed(duration);
                case SLOW_BODY -> server.slowBody(SLOW_BODY_BYTES, SLOW_BODY_CHUNKS, duration);
                case STATUS_503 -> server.status(503);
                case RESET -> server.connectionReset();
                case NEVER -> server.neverAnswers();
                case FLAKY_503 -> server.flaky(1, Failure.status(503));
                case FLAKY_503_TWICE -> server.flaky(2, Failure.status(503));
                case FLAKY_RESET -> server.flaky(1, Failure.connectionReset());
                case HICCUP -> server.url(DemoServerRules.hiccup(stall, duration, tag));
                case PACED -> server.url(DemoServerRules.paced(duration, tag));
            };
        }

        /** Returns the outcome this entry should have: a status, or an error kind. */
        String expected() {
            return kind.expected;
        }

        /**
         * Returns the outcome this entry should have with its case's policy, or without it
         * ({@code baseline}): a status or an error kind, or two joined by {@code " or "}.
         */
        String expected(boolean baseline) {
            return baseline ? kind.baseline : kind.expected;
        }

        /** Returns true when {@code outcome} is one this entry may have. */
        boolean accepts(String outcome, boolean baseline) {
            return List.of(expected(baseline).split(" or ")).contains(outcome);
        }
    }

    /** Draws a plan of {@code count} URLs from {@code seed}: the demo's usual mix. */
    static DemoPlan of(long seed, int count, Duration median) {
        return of(seed, count, median, DemoCase.MIX);
    }

    /** Draws a plan of {@code count} URLs from {@code seed} that shows {@code demoCase}. */
    static DemoPlan of(long seed, int count, Duration median, DemoCase demoCase) {
        if (count < 1) {
            throw new IllegalArgumentException("count: " + count + " (expected: > 0)");
        }
        // SplittableRandom mixes its seed: with java.util.Random, seeds 1, 2, 3 put a fault at the same place.
        SplittableRandom random = new SplittableRandom(seed);
        List<Kind> kinds = new ArrayList<>(count);
        if (demoCase == DemoCase.RETRY) {
            List<Kind> flaky = List.of(Kind.FLAKY_503, Kind.FLAKY_RESET, Kind.FLAKY_503_TWICE);
            for (int i = 0; i < Math.max(1, count / 5); i++) {
                kinds.add(flaky.get(i % flaky.size()));
            }
            if (count >= MIN_FOR_FAULTS) {
                kinds.add(Kind.STATUS_503);
            }
        } else if (demoCase == DemoCase.HEDGE) {
            for (int i = 0; i < Math.max(1, count / 10); i++) {
                kinds.add(Kind.HICCUP);
            }
        } else if (demoCase == DemoCase.RATE) {
            while (kinds.size() < count) {
                kinds.add(Kind.PACED);
            }
        } else if (count >= MIN_FOR_FAULTS) {
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
                case DELAY, HICCUP, PACED -> Duration.ofMillis(logNormal(random, medianMs));
                case SLOW_BODY -> Duration.ofMillis(medianMs * 2 + (long) (random.nextDouble() * medianMs * 2));
                default -> Duration.ZERO;
            };
            Duration stall = kind == Kind.HICCUP ? Duration.ofMillis(medianMs * STALL_MEDIANS) : Duration.ZERO;
            entries.add(new Entry(kind, d, stall));
        }
        return new DemoPlan(seed, Duration.ofMillis(medianMs), List.copyOf(entries), demoCase);
    }

    private static long logNormal(SplittableRandom random, long medianMs) {
        double ms = medianMs * Math.exp(SIGMA * random.nextGaussian());
        return Math.round(Math.max(medianMs / 5.0, Math.min(medianMs * 6.0, ms)));
    }

    /**
     * Returns this plan for HTTP/2: its connection reset, if any, is a delay of one median
     * instead, a flaky reset a flaky 503, and every other URL is as it was. Over HTTP/2 the
     * requests share a connection, and a reset (the server's, at the TCP level: HTTP/1.1's fault)
     * would end every request on it, not the one that asked for it.
     */
    DemoPlan withoutConnectionReset() {
        List<Entry> kept = entries.stream()
                .map(e -> switch (e.kind()) {
                    case RESET -> new Entry(Kind.DELAY, median);
                    case FLAKY_RESET -> new Entry(Kind.FLAKY_503, e.duration());
                    default -> e;
                })
                .toList();
        return new DemoPlan(seed, median, kept, demoCase);
    }

    /** Returns the longest planned delay, body or stall: the timeout must be longer than this. */
    Duration longest() {
        return entries.stream()
                .map(e -> e.duration().compareTo(e.stall()) >= 0 ? e.duration() : e.stall())
                .max(Duration::compareTo)
                .orElse(Duration.ZERO);
    }

    /**
     * Returns the timeout the demo uses unless told otherwise: the longest possible delay plus a
     * second; with {@code --hedge}, twice the stall plus a second, since a stalled request may
     * first spend a while connecting (with {@code --https}, a busy machine's TLS handshakes take
     * seconds) and must still end 200 when its copy is not sent (the budget, or the baseline).
     */
    Duration defaultTimeout() {
        return median.multipliedBy(demoCase == DemoCase.HEDGE ? 2 * STALL_MEDIANS : 6)
                .plusSeconds(1);
    }

    /** Returns how many entries there are of each kind. */
    Map<Kind, Integer> counts() {
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        entries.forEach(e -> counts.merge(e.kind(), 1, Integer::sum));
        return counts;
    }
}
