package dev.fanout.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Formats durations, sizes and labels for people: {@code 231 ms}, {@code 2.50 s}, {@code 1.2 kB}.
 */
final class Format {

    private Format() {}

    /** Returns {@code fraction} as a percentage without its sign: {@code 95}, {@code 99.9}. */
    static String percent(double fraction) {
        return new BigDecimal(Double.toString(fraction * 100))
                .round(new MathContext(4))
                .stripTrailingZeros()
                .toPlainString();
    }

    /** Returns {@code d} as {@code 0.4 ms}, {@code 231 ms} or {@code 2.50 s}. */
    static String duration(Duration d) {
        double ms = millis(d);
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        if (ms < 1000) {
            return String.format(Locale.ROOT, "%.0f ms", ms);
        }
        return String.format(Locale.ROOT, "%.2f s", ms / 1000);
    }

    /** Returns {@code d} in milliseconds, with fractions. */
    static double millis(Duration d) {
        return d.toNanos() / 1_000_000.0;
    }

    /** Returns {@code bytes} as {@code 512 B}, {@code 1.2 kB} or {@code 3.4 MB} (powers of 1000). */
    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        if (bytes < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1000.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }

    /**
     * Returns a response's protocol in short, as ALPN names HTTP/2: {@code "HTTP/2"} gives
     * {@code h2}, {@code "HTTP/1.1"} gives {@code h1.1} ({@code "HTTP/1.0"}, {@code h1.0}); null
     * (no response) gives {@code -}; anything else is returned as it is.
     */
    static String protocol(String protocol) {
        if (protocol == null) {
            return "-";
        }
        return switch (protocol) {
            case "HTTP/2" -> "h2";
            case "HTTP/1.1" -> "h1.1";
            case "HTTP/1.0" -> "h1.0";
            default -> protocol;
        };
    }

    /** Returns {@code text} cut to {@code width} characters, the middle replaced by {@code ..} when cut. */
    static String fit(String text, int width) {
        if (text.length() <= width) {
            return text;
        }
        if (width <= 2) {
            return text.substring(0, Math.max(0, width));
        }
        int head = (width - 2 + 1) / 2;
        int tail = width - 2 - head;
        return text.substring(0, head) + ".." + text.substring(text.length() - tail);
    }

    /** Returns {@code text} padded with spaces on the right to {@code width}. */
    static String padRight(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    /** Returns {@code text} padded with spaces on the left to {@code width}. */
    static String padLeft(String text, int width) {
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }

    /**
     * Returns {@code text} wrapped at spaces into lines of at most {@code width} characters, the
     * first starting with {@code first}, the others with {@code next}; a word longer than a line
     * is cut.
     */
    static List<String> wrap(String text, int width, String first, String next) {
        width = Math.max(width, Math.max(first.length(), next.length()) + 10);
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(first);
        boolean empty = true;
        for (String word : text.split(" ")) {
            if (!empty && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line = new StringBuilder(next);
                empty = true;
            }
            if (!empty) {
                line.append(' ');
            }
            line.append(word);
            empty = false;
            while (line.length() > width) {
                lines.add(line.substring(0, width));
                line = new StringBuilder(next).append(line.substring(width));
            }
        }
        lines.add(line.toString());
        return lines;
    }
}
