package dev.fanout.cli;

import dev.fanout.loop.Loop;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The numbers that tell whether fan-out worked: requests, the protocols the responses came
 * over, how many requests made a TCP connect, wall time, the sum of the requests' own times, their ratio (the overlap), the slowest
 * request, and the threads the client added; with retries, hedging or a rate limit, what each
 * did ({@link ResilienceSummary}).
 *
 * <p>Overlap = sum ÷ wall: how many requests were in flight at once, on average. Done one
 * after another it is about 1; started all at once it approaches the number of requests,
 * held back only by the slowest one. Immutable.
 *
 * @param requests how many requests
 * @param responses how many got a response (any status)
 * @param ok how many got a 2xx response
 * @param statuses the count of each non-2xx status
 * @param failures the count of each error kind
 * @param protocols the count of responses over each protocol ({@code "HTTP/2"}, {@code "HTTP/1.1"})
 * @param connects how many requests made a TCP connect (their {@code Timings.connect()} is not
 *     zero): over HTTP/1.1 one for each connection opened; over HTTP/2 few, since the others
 *     wait for a connection being opened and share it
 * @param wall from the first request started to the last one done, as the command measured it
 * @param sum the requests' own times ({@code Result.elapsed()}), added up
 * @param queuedSum the part of {@code sum} spent waiting for a slot (the in-flight and per-host limits)
 * @param slowest the row that took longest, or null when there are none
 * @param clientThreads the names of the threads the JVM gained while the client ran (its loop's, and
 *     the loops' shared watchdog when no other loop had started it)
 * @param deliveredOn the names of the threads the client delivered results on
 * @param resilience what retries, hedging and the rate limit did, and the tail
 */
record Summary(
        int requests,
        int responses,
        int ok,
        Map<Integer, Integer> statuses,
        Map<String, Integer> failures,
        Map<String, Integer> protocols,
        int connects,
        Duration wall,
        Duration sum,
        Duration queuedSum,
        Row slowest,
        List<String> clientThreads,
        Set<String> deliveredOn,
        ResilienceSummary resilience) {

    /** Computes the summary of {@code rows}, run with no retries, hedging or rate limit. */
    static Summary of(List<Row> rows, Duration wall, List<String> clientThreads, Set<String> deliveredOn) {
        return of(rows, wall, clientThreads, deliveredOn, Resilience.none());
    }

    /** Computes the summary of {@code rows}, run with what {@code asked} says. */
    static Summary of(
            List<Row> rows, Duration wall, List<String> clientThreads, Set<String> deliveredOn, Resilience asked) {
        Map<Integer, Integer> statuses = new TreeMap<>();
        Map<String, Integer> failures = new TreeMap<>();
        Map<String, Integer> protocols = new TreeMap<>();
        int responses = 0;
        int ok = 0;
        int connects = 0;
        Duration sum = Duration.ZERO;
        Duration queued = Duration.ZERO;
        Row slowest = null;
        for (Row row : rows) {
            if (row.responded()) {
                responses++;
                if (row.protocol() != null) {
                    protocols.merge(row.protocol(), 1, Integer::sum);
                }
                if (row.status() / 100 == 2) {
                    ok++;
                } else {
                    statuses.merge(row.status(), 1, Integer::sum);
                }
            } else {
                failures.merge(row.errorKind(), 1, Integer::sum);
            }
            if (!row.timings().connect().isZero()) {
                connects++;
            }
            sum = sum.plus(row.total());
            queued = queued.plus(row.timings().queued());
            if (slowest == null || row.total().compareTo(slowest.total()) > 0) {
                slowest = row;
            }
        }
        return new Summary(
                rows.size(),
                responses,
                ok,
                statuses,
                failures,
                protocols,
                connects,
                wall,
                sum,
                queued,
                slowest,
                List.copyOf(clientThreads),
                Set.copyOf(deliveredOn),
                ResilienceSummary.of(rows, asked));
    }

    /** Returns the time the requests spent waiting for a slot, added up. */
    Duration queued() {
        return queuedSum;
    }

    /** Returns sum ÷ wall, or 0 when the wall time is zero. */
    double overlap() {
        return wall.isZero() ? 0 : (double) sum.toNanos() / wall.toNanos();
    }

    /** Prints the summary, every line within {@code width}. */
    void render(PrintWriter out, Style style, Labels labels, int width) {
        out.println(style.paint("summary", Style.Colour.BOLD));
        StringBuilder req = new StringBuilder()
                .append(requests)
                .append(": ")
                .append(responses)
                .append(responses == 1 ? " response" : " responses")
                .append(" (")
                .append(ok)
                .append(" 2xx");
        statuses.forEach((status, n) -> req.append(", ").append(n).append(" ").append(status));
        req.append("), ").append(requests - responses).append(" failed");
        if (!failures.isEmpty()) {
            StringBuilder kinds = new StringBuilder();
            failures.forEach((kind, n) -> kinds.append(kinds.length() == 0 ? "" : ", ")
                    .append(n)
                    .append(" ")
                    .append(kind));
            req.append(" (").append(kinds).append(')');
        }
        line(out, style, width, "requests", req.toString(), null);
        if (!protocols.isEmpty()) {
            line(out, style, width, "protocol", protocolLine(), null);
        }
        if (requests > 0) {
            line(
                    out,
                    style,
                    width,
                    "connects",
                    connects + " of " + requests + " made a TCP connect",
                    "the rest reused or shared a connection, or had none");
        }
        resilience.renderCounts(out, style, width);
        line(out, style, width, "wall time", Format.duration(wall), "first request started -> last one done");
        line(out, style, width, "sum of times", Format.duration(sum), "each request's own time, added up");
        Duration queued = queued();
        // Under a rate limit the wait is mostly for the origin's turn, which the client counts as queued too.
        String waiting =
                resilience.asked().rate() != null ? "waiting to start (a slot, or their turn)" : "waiting for a slot";
        if (queued.isZero()) {
            line(
                    out,
                    style,
                    width,
                    "overlap",
                    String.format(Locale.ROOT, "%.1fx", overlap()),
                    "sum / wall: requests in flight at once, on average");
        } else {
            line(
                    out,
                    style,
                    width,
                    "overlap",
                    String.format(Locale.ROOT, "%.1fx", overlap()),
                    "sum / wall, " + waiting + " included");
            line(
                    out,
                    style,
                    width,
                    "queued",
                    Format.duration(queued) + " of the sum " + waiting + "; in flight "
                            + String.format(
                                    Locale.ROOT,
                                    "%.1f",
                                    (double) sum.minus(queued).toNanos() / Math.max(1, wall.toNanos()))
                            + " at once on average",
                    null);
        }
        resilience.renderTail(out, style, width);
        if (slowest != null) {
            line(
                    out,
                    style,
                    width,
                    "slowest",
                    "#" + slowest.index() + " " + labels.of(slowest) + "  " + slowest.outcome() + " in "
                            + Format.duration(slowest.total()),
                    null);
        }
        line(out, style, width, "threads", threads(), null);
        out.flush();
    }

    /**
     * Says what the responses came over: {@code all 59 responses over HTTP/2}, or, when they
     * differ (AUTO meets servers of both kinds), {@code 40 over HTTP/2, 19 over HTTP/1.1}.
     */
    private String protocolLine() {
        if (protocols.size() == 1) {
            String protocol = protocols.keySet().iterator().next();
            return (responses == 1 ? "the response" : "all " + responses + " responses") + " over " + protocol;
        }
        StringBuilder text = new StringBuilder();
        protocols.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> text.append(text.length() == 0 ? "" : ", ")
                        .append(e.getValue())
                        .append(" over ")
                        .append(e.getKey()));
        return text.toString();
    }

    /** Prints one summary line: name, value, and a dim note that explains it, wrapped to {@code width}. */
    static void line(PrintWriter out, Style style, int width, String name, String value, String note) {
        String first = "  " + Format.padRight(name, NAME);
        String next = " ".repeat(first.length());
        if (note != null && first.length() + value.length() + 3 + note.length() <= width) {
            out.println(first + value + "   " + style.paint(note, Style.Colour.DIM));
            return;
        }
        Format.wrap(value, width, first, next).forEach(out::println);
        if (note != null) {
            Format.wrap(note, width, next, next).forEach(l -> out.println(style.paint(l, Style.Colour.DIM)));
        }
    }

    /** The width of the names column, with its indent: values start at column 15. */
    static final int NAME = 13;

    /**
     * Says which threads the client added: the watchdog apart, since the JVM holds one for
     * every loop whoever started it, so that the count is the client's own.
     */
    private String threads() {
        List<String> own = clientThreads.stream()
                .filter(name -> !name.equals(Loop.WATCHDOG_THREAD_NAME))
                .toList();
        String added = own.size() + (own.size() == 1 ? " thread" : " threads")
                + " added to the JVM while the client ran"
                + (own.isEmpty() ? "" : " (" + grouped(own) + ")")
                + (own.size() < clientThreads.size()
                        ? ", plus " + Loop.WATCHDOG_THREAD_NAME + " (one per JVM, for every loop)"
                        : "");
        return added + "; results delivered on " + deliveredOn.size()
                + (deliveredOn.size() == 1 ? " thread" : " threads");
    }

    /** Returns thread names, those that differ only in their last number counted together: {@code pool-3-thread-* x194}. */
    static String grouped(List<String> names) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (String name : names) {
            groups.computeIfAbsent(name.replaceAll("\\d+$", "*"), k -> new ArrayList<>())
                    .add(name);
        }
        List<String> parts = new ArrayList<>();
        groups.forEach((pattern, members) ->
                parts.add(members.size() == 1 ? members.get(0) : pattern + " x" + members.size()));
        return String.join(", ", parts);
    }
}
