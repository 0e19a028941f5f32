package dev.fanout.cli;

import dev.fanout.client.HttpVersion;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The demo's words around the numbers: what it is about to do, and what to try next. */
final class DemoIntro {

    private DemoIntro() {}

    /** Prints the title at once, before the server starts (which takes a second or two). */
    static void printTitle(DemoPlan plan, Style style, PrintWriter out) {
        out.println(style.paint("fanout demo", Style.Colour.BOLD) + "  (seed " + plan.seed() + ")");
        out.flush();
    }

    /** Says what the demo fetches and how, within {@code width}. */
    static void print(
            DemoPlan plan,
            String baseUrl,
            Duration timeout,
            boolean sequential,
            HttpVersion version,
            boolean https,
            int warmUp,
            boolean baseline,
            Style style,
            int width,
            PrintWriter out) {
        int n = plan.entries().size();
        line(out, width, 2, n + (n == 1 ? " URL" : " URLs") + " on slow endpoints in this JVM, at " + baseUrl + ":");
        if (plan.demoCase() != DemoCase.MIX) {
            plan.demoCase().urls(plan).forEach(text -> line(out, width, 4, text));
            line(out, width, 2, plan.demoCase().shows(plan, baseline));
        } else {
            printMix(plan, timeout, version, width, out);
        }
        printHow(sequential, version, https, warmUp, width, out);
    }

    /** Says what the usual mix holds. */
    private static void printMix(DemoPlan plan, Duration timeout, HttpVersion version, int width, PrintWriter out) {
        Map<DemoPlan.Kind, Integer> counts = plan.counts();
        Duration median = plan.median();
        line(
                out,
                width,
                4,
                String.format(
                        Locale.ROOT,
                        "%d answer 200 after a log-normal delay: median %s, %s to %s",
                        counts.getOrDefault(DemoPlan.Kind.DELAY, 0),
                        Format.duration(median),
                        Format.duration(median.dividedBy(5)),
                        Format.duration(median.multipliedBy(6))));
        int slow = counts.getOrDefault(DemoPlan.Kind.SLOW_BODY, 0);
        if (slow > 0) {
            line(
                    out,
                    width,
                    4,
                    String.format(
                            Locale.ROOT,
                            "%d send a %s body slowly, over %s to %s",
                            slow,
                            Format.size(DemoPlan.SLOW_BODY_BYTES),
                            Format.duration(median.multipliedBy(2)),
                            Format.duration(median.multipliedBy(4))));
        }
        if (counts.containsKey(DemoPlan.Kind.NEVER)) {
            line(
                    out,
                    width,
                    4,
                    "1 answers 503, " + (counts.containsKey(DemoPlan.Kind.RESET) ? "1 resets the connection, " : "")
                            + "1 never answers (the " + Format.duration(timeout) + " timeout ends it)");
            if (version == HttpVersion.HTTP_2) {
                line(
                        out,
                        width,
                        4,
                        "no connection reset: over HTTP/2 it would end every request on the connection, "
                                + "so that URL waits one median instead");
            }
        }
    }

    /** Says how the URLs are fetched: at once or one after another, over what, after what warm-up. */
    private static void printHow(
            boolean sequential, HttpVersion version, boolean https, int warmUp, int width, PrintWriter out) {
        line(
                out,
                width,
                2,
                sequential
                        ? "fetched one after another: client.send(request), wait, then the next"
                        : "fetched all at once: client.startAll(requests), then wait for the batch");
        switch (version) {
            case HTTP_2 ->
                line(
                        out,
                        width,
                        2,
                        "over HTTP/2 (--http2): "
                                + (https
                                        ? "h2, chosen by ALPN in the TLS handshake"
                                        : "h2c, spoken from the first byte (prior knowledge)")
                                + "; each request is a stream, and they share a connection, up to the server's 128"
                                + " streams on each (httpVersion(HTTP_2))");
            case HTTP_1_1 ->
                line(
                        out,
                        width,
                        2,
                        "over HTTP/1.1 (--http1.1): one request per connection at a time (httpVersion(HTTP_1_1))");
            case AUTO -> {
                // The demo as it always was: HTTP/1.1, since the server speaks nothing else; nothing to say.
            }
        }
        line(
                out,
                width,
                2,
                warmUp > 0
                        ? "after " + warmUp + " warm-up requests on the same client, not counted (--cold skips them)"
                        : "with no warm-up (--cold): the batch also pays for class loading in a fresh JVM");
        out.println();
        out.flush();
    }

    /** Says whether every URL behaved as planned, and what to run next. */
    static void printEnding(
            DemoPlan plan,
            List<String> surprises,
            boolean sequential,
            boolean baseline,
            boolean https,
            HttpVersion version,
            String command,
            Style style,
            int width,
            PrintWriter out) {
        if (surprises.isEmpty()) {
            Summary.line(out, style, width, "outcomes", "all " + plan.entries().size() + " as planned", null);
        } else {
            Summary.line(
                    out,
                    style,
                    width,
                    "outcomes",
                    style.paint(surprises.size() + " not as planned:", Style.Colour.RED),
                    null);
            surprises.forEach(s -> line(out, width, 4, s));
        }
        out.println();
        DemoCase demoCase = plan.demoCase();
        String again = command + " demo" + (demoCase == DemoCase.MIX ? "" : " " + demoCase.option) + " --seed "
                + plan.seed()
                + (plan.entries().size() == DemoCommand.DEFAULT_COUNT
                        ? ""
                        : " --count " + plan.entries().size())
                + (plan.median().equals(DemoCommand.DEFAULT_MEDIAN)
                        ? ""
                        : " --median " + plan.median().toMillis() + "ms")
                + (https ? " --https" : "")
                + switch (version) {
                    case HTTP_2 -> " --http2";
                    case HTTP_1_1 -> " --http1.1";
                    case AUTO -> "";
                };
        if (demoCase != DemoCase.MIX) {
            line(out, width, 0, style.paint(demoCase.next(baseline), Style.Colour.DIM));
            line(out, width, 2, again + (sequential ? " --sequential" : "") + (baseline ? "" : " --baseline"));
            out.flush();
            return;
        }
        line(
                out,
                width,
                0,
                style.paint(
                        sequential ? "next, the same URLs all at once:" : "next, the same URLs one after another:",
                        Style.Colour.DIM));
        line(out, width, 2, again + (sequential ? "" : " --sequential"));
        out.flush();
    }

    private static void line(PrintWriter out, int width, int indent, String text) {
        Format.wrap(text, width, " ".repeat(indent), " ".repeat(indent + 4)).forEach(out::println);
    }
}
