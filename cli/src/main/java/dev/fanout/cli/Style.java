package dev.fanout.cli;

import java.util.regex.Pattern;

/**
 * Paints text with ANSI colours, or leaves it plain. Immutable.
 */
final class Style {

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");

    /** The colours the command uses, as SGR codes. */
    enum Colour {
        DIM("2"),
        BOLD("1"),
        RED("31"),
        GREEN("32"),
        YELLOW("33"),
        BLUE("34"),
        MAGENTA("35"),
        CYAN("36"),
        GREY("90");

        final String sgr;

        Colour(String sgr) {
            this.sgr = sgr;
        }
    }

    static final Style PLAIN = new Style(false);
    static final Style ANSI_COLOURS = new Style(true);

    private final boolean enabled;

    private Style(boolean enabled) {
        this.enabled = enabled;
    }

    /** Returns the style for {@code terminal}: colours when it has them. */
    static Style of(Terminal terminal) {
        return terminal.color() ? ANSI_COLOURS : PLAIN;
    }

    /** Returns true when this style paints. */
    boolean enabled() {
        return enabled;
    }

    /** Returns {@code text} in {@code colour}, or as it is when this style is plain. */
    String paint(String text, Colour colour) {
        if (!enabled || text.isEmpty()) {
            return text;
        }
        return "\u001B[" + colour.sgr + "m" + text + "\u001B[0m";
    }

    /** Returns {@code text} without ANSI escapes: what a reader sees. */
    static String visible(String text) {
        return ANSI.matcher(text).replaceAll("");
    }
}
