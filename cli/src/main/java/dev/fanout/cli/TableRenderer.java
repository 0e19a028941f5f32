package dev.fanout.cli;

import java.io.PrintWriter;
import java.util.List;

/**
 * Prints one line per request: index, URL (or path), status or error kind, protocol, tries (when
 * asked), time, size; under a request that failed, a line with the reason.
 *
 * <pre>
 *   #  URL                  STATUS  PROTO      TIME      SIZE
 *   0  /delay/231/0         200     h2       231 ms      12 B
 *   1  /delay/57/1          200     h1.1    57.0 ms      12 B
 *  17  /never/17            TIMEOUT -        2.50 s         -
 *      no complete response within 2500 ms (while waiting for the response)
 * </pre>
 *
 * The protocol is what the response came over, short ({@link Format#protocol}): {@code h2} or
 * {@code h1.1}; a request with no response has none ({@code -}).
 *
 * <p>With retries or hedging on, or when any request was sent more than once, a TRIES column
 * says how many times each was sent ({@link Row#tries()}): {@code 1}, {@code 3} (two retries),
 * {@code 1+h} (once, and a hedged copy beside it).
 *
 * <pre>
 *   #  URL                   STATUS PROTO TRIES      TIME      SIZE
 *   0  /flaky/1/status-503/1 200    h1.1      2    973 ms      21 B
 *   3  /status/503/4         503    h1.1      3    1.09 s      13 B
 *   4  /delay/900/5          200    h1.1    1+h    1.59 s      12 B
 * </pre>
 *
 * Every line fits {@link Terminal#width()}: the URL column takes what the others leave, a long
 * URL loses its middle, and a long reason its end.
 */
final class TableRenderer {

    private static final int TIME = 9;
    private static final int SIZE = 9;
    /** "PROTO" and a space: wide enough for h1.1, h2, h1.0. */
    private static final int PROTOCOL = 6;
    /** "TRIES", right-aligned: wide enough for 10+2h. */
    private static final int TRIES = 5;

    private final Terminal terminal;
    private final Style style;
    private final boolean tries;

    /** A table without the TRIES column. */
    TableRenderer(Terminal terminal) {
        this(terminal, false);
    }

    /** A table with the TRIES column when {@code tries}. */
    TableRenderer(Terminal terminal, boolean tries) {
        this.terminal = terminal;
        this.style = Style.of(terminal);
        this.tries = tries;
    }

    /** Prints the table of {@code rows} to {@code out}. */
    void render(List<Row> rows, PrintWriter out) {
        Labels labels = Labels.of(rows);
        if (labels.sharedOrigin() != null) {
            out.println(style.paint("every URL on " + labels.sharedOrigin(), Style.Colour.DIM));
        }
        int indexWidth =
                Math.max(3, Integer.toString(Math.max(0, rows.size() - 1)).length());
        int status = Math.max(
                        6,
                        rows.stream().mapToInt(r -> r.outcome().length()).max().orElse(0))
                + 1;
        int triesWidth = tries ? TRIES + 1 : 0;
        int fixed = indexWidth + 2 + 1 + status + PROTOCOL + triesWidth + TIME + 1 + SIZE;
        int longest = rows.stream().mapToInt(r -> labels.of(r).length()).max().orElse(3);
        int urlWidth = Math.max(3, Math.min(longest, terminal.width() - fixed));
        out.println(style.paint(
                Format.padLeft("#", indexWidth) + "  " + Format.padRight("URL", urlWidth) + " "
                        + Format.padRight("STATUS", status) + Format.padRight("PROTO", PROTOCOL)
                        + (tries ? Format.padLeft("TRIES", TRIES) + " " : "")
                        + Format.padLeft("TIME", TIME) + " "
                        + Format.padLeft("SIZE", SIZE),
                Style.Colour.BOLD));
        for (Row row : rows) {
            String outcome = Format.padRight(row.outcome(), status);
            out.println(Format.padLeft(Integer.toString(row.index()), indexWidth) + "  "
                    + Format.padRight(Format.fit(labels.of(row), urlWidth), urlWidth) + " "
                    + style.paint(outcome, colour(row))
                    + Format.padRight(Format.fit(Format.protocol(row.protocol()), PROTOCOL - 1), PROTOCOL)
                    + (tries ? Format.padLeft(row.tries(), TRIES) + " " : "")
                    + Format.padLeft(Format.duration(row.total()), TIME) + " "
                    + Format.padLeft(row.responded() ? Format.size(row.size()) : "-", SIZE));
            if (!row.responded() && row.reason() != null) {
                String indent = " ".repeat(indexWidth + 2);
                out.println(
                        style.paint(indent + cut(row.reason(), terminal.width() - indent.length()), Style.Colour.DIM));
            }
        }
        out.flush();
    }

    /** Returns {@code text} cut to {@code width} characters, its end replaced by {@code ...} when cut. */
    private static String cut(String text, int width) {
        if (text.length() <= width) {
            return text;
        }
        return width <= 3 ? text.substring(0, Math.max(0, width)) : text.substring(0, width - 3) + "...";
    }

    /** Returns the colour of a row's outcome: green 2xx, cyan 3xx, yellow 4xx, magenta 5xx, red failures. */
    static Style.Colour colour(Row row) {
        if (!row.responded()) {
            return Style.Colour.RED;
        }
        int family = row.status() / 100;
        return switch (family) {
            case 2 -> Style.Colour.GREEN;
            case 3 -> Style.Colour.CYAN;
            case 4 -> Style.Colour.YELLOW;
            default -> Style.Colour.MAGENTA;
        };
    }
}
