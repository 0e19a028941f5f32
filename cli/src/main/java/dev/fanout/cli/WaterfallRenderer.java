package dev.fanout.cli;

import dev.fanout.client.Timings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Draws one bar per request on a shared time axis, so that the overlap shows at a glance.
 *
 * <pre>
 *   #  path             0         500 ms    1.0 s     1.5 s         time
 *   0  /delay/231/0    |=======#                              |   231 ms
 *   1  /delay/57/1     |==                                    |  57.0 ms
 *  17  /never/17       |=====================================x|   2.50 s
 * </pre>
 *
 * A bar starts when its request entered the client and is drawn phase by phase with the marks
 * of {@link Mark}: queued for a slot, connection setup (DNS, TCP, TLS), waiting for the first
 * byte, receiving the body; a failed request ends in an {@code x}. A phase that failed is drawn
 * as that phase (a refused connect as connecting). Any time the phases do not account for is
 * drawn as waiting, except in a request that failed before it was sent: there it belongs to the
 * setup that failed (or, with no setup, to failing). Colour and block characters when the terminal has them,
 * plain ASCII otherwise. Every line fits {@link Terminal#width()}.
 */
final class WaterfallRenderer {

    private static final int TIME = 9;
    private static final int MIN_BAR = 10;
    private static final int MIN_LABEL = 6;

    /** The marks of a bar, in ASCII and in colour. */
    enum Mark {
        NONE(' ', ' ', null, null),
        QUEUED('.', '\u2591', Style.Colour.GREY, "queued"),
        SETUP('-', '\u2592', Style.Colour.YELLOW, "connecting"),
        WAITING('=', '\u2593', Style.Colour.CYAN, "waiting"),
        BODY('#', '\u2588', Style.Colour.BLUE, "receiving"),
        FAILED('x', 'x', Style.Colour.RED, "failed");

        final char ascii;
        final char block;
        final Style.Colour colour;
        final String meaning;

        Mark(char ascii, char block, Style.Colour colour, String meaning) {
            this.ascii = ascii;
            this.block = block;
            this.colour = colour;
            this.meaning = meaning;
        }
    }

    private final Terminal terminal;
    private final Style style;

    WaterfallRenderer(Terminal terminal) {
        this.terminal = terminal;
        this.style = Style.of(terminal);
    }

    /**
     * Prints the waterfall of {@code rows} to {@code out}, the axis from 0 to the later of
     * {@code wall} and the last row's end.
     */
    void render(List<Row> rows, Duration wall, PrintWriter out) {
        Duration axis = wall;
        for (Row row : rows) {
            if (row.end().compareTo(axis) > 0) {
                axis = row.end();
            }
        }
        long axisNanos = Math.max(1, axis.toNanos());
        Labels labels = Labels.of(rows);
        int indexWidth =
                Math.max(3, Integer.toString(Math.max(0, rows.size() - 1)).length());
        int longest = rows.stream().mapToInt(r -> labels.of(r).length()).max().orElse(4);
        // index, 2 spaces, label, space, |bar|, time
        int fixed = indexWidth + 2 + 1 + 2 + TIME;
        int labelWidth = Math.max(MIN_LABEL, Math.min(longest, Math.max(MIN_LABEL, terminal.width() / 4)));
        int barWidth = terminal.width() - fixed - labelWidth;
        if (barWidth < MIN_BAR) {
            labelWidth = Math.max(1, labelWidth - (MIN_BAR - barWidth));
            barWidth = terminal.width() - fixed - labelWidth;
        }

        legend().forEach(out::println);
        String lead = " ".repeat(indexWidth + 2 + labelWidth + 1);
        out.println(
                style.paint(lead + Axis.labels(axisNanos, barWidth) + Format.padLeft("time", TIME), Style.Colour.DIM));
        for (Row row : rows) {
            out.println(Format.padLeft(Integer.toString(row.index()), indexWidth) + "  "
                    + Format.padRight(Format.fit(labels.of(row), labelWidth), labelWidth) + " "
                    + "|" + paint(bar(row, axisNanos, barWidth)) + "|"
                    + style.paint(
                            Format.padLeft(Format.duration(row.total()), TIME),
                            row.responded() ? Style.Colour.BOLD : Style.Colour.RED));
        }
        String scale = "1 column = " + Format.duration(Duration.ofNanos(Math.max(1, axisNanos / barWidth)))
                + "; the axis ends at " + Format.duration(axis);
        String footer = lead.length() + scale.length() <= terminal.width() ? lead + scale : scale;
        out.println(style.paint(
                footer.length() <= terminal.width() ? footer : footer.substring(0, terminal.width()),
                Style.Colour.DIM));
        out.flush();
    }

    /** Returns the marks of one row's bar, {@code width} of them. */
    static Mark[] bar(Row row, long axisNanos, int width) {
        Mark[] marks = new Mark[width];
        Arrays.fill(marks, Mark.NONE);
        Timings p = row.timings();
        long start = p.start().toNanos();
        long total = Math.max(0, p.total().toNanos());
        long queued = clamp(p.queued().toNanos(), total);
        long setup = clamp(p.dns().plus(p.connect()).plus(p.tls()).toNanos(), total - queued);
        long receiving = clamp(p.receiving().toNanos(), total - queued - setup);
        long waiting = total - queued - setup - receiving;
        Mark rest = Mark.WAITING;
        if (!row.responded() && p.waiting().isZero() && p.receiving().isZero()) {
            // never sent: its time went to the setup that failed (or to failing), none to waiting
            rest = setup > 0 ? Mark.SETUP : Mark.FAILED;
        }
        long t = start;
        t = fill(marks, Mark.QUEUED, t, queued, axisNanos);
        t = fill(marks, Mark.SETUP, t, setup, axisNanos);
        t = fill(marks, rest, t, waiting, axisNanos);
        fill(marks, Mark.BODY, t, receiving, axisNanos);
        int first = column(start, axisNanos, width);
        int last = Math.max(first, column(start + total, axisNanos, width) - 1);
        first = Math.min(first, width - 1);
        last = Math.min(last, width - 1);
        if (marks[first] == Mark.NONE) {
            marks[first] = row.responded() ? Mark.BODY : Mark.FAILED; // too short to show: one column
        }
        if (!row.responded()) {
            marks[last] = Mark.FAILED;
        }
        return marks;
    }

    private static long fill(Mark[] marks, Mark mark, long from, long length, long axisNanos) {
        int a = column(from, axisNanos, marks.length);
        int b = column(from + length, axisNanos, marks.length);
        for (int i = a; i < b && i < marks.length; i++) {
            marks[i] = mark;
        }
        return from + length;
    }

    private static int column(long nanos, long axisNanos, int width) {
        long c = Math.round((double) nanos * width / axisNanos);
        return (int) Math.max(0, Math.min(width, c));
    }

    private static long clamp(long value, long max) {
        return Math.max(0, Math.min(value, Math.max(0, max)));
    }

    private String paint(Mark[] marks) {
        StringBuilder out = new StringBuilder(marks.length);
        int i = 0;
        while (i < marks.length) {
            int j = i;
            while (j < marks.length && marks[j] == marks[i]) {
                j++;
            }
            Mark mark = marks[i];
            char c = style.enabled() && terminal.unicode() ? mark.block : mark.ascii;
            String run = String.valueOf(c).repeat(j - i);
            out.append(mark.colour == null ? run : style.paint(run, mark.colour));
            i = j;
        }
        return out.toString();
    }

    /** Returns the legend, wrapped to the terminal's width. */
    private List<String> legend() {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder("waterfall:");
        int visible = line.length();
        for (Mark mark : Mark.values()) {
            if (mark.meaning == null) {
                continue;
            }
            char c = style.enabled() && terminal.unicode() ? mark.block : mark.ascii;
            String item = "  " + style.paint(String.valueOf(c).repeat(2), mark.colour) + " " + mark.meaning;
            int itemWidth = 2 + 2 + 1 + mark.meaning.length();
            if (visible + itemWidth > terminal.width()) {
                lines.add(line.toString());
                line = new StringBuilder(" ".repeat(8));
                visible = 8;
            }
            line.append(item);
            visible += itemWidth;
        }
        lines.add(line.toString());
        return lines;
    }
}
