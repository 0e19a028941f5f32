package dev.fanout.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A rate limit as {@code --rate} takes it: {@code permits} starts per {@code per}, written
 * {@code N/DURATION} ({@code 100/1s}, {@code 5/100ms}). The client paces each origin on its own
 * to one start every {@code per / permits}, with no burst. Immutable.
 *
 * @param permits how many starts per period, more than zero
 * @param per the period, more than zero
 */
record Rate(int permits, Duration per) {

    /** The form, for messages and help. */
    static final String FORM = "N/DURATION, as 100/1s or 5/100ms";

    /** Returns the time between two starts to one origin. */
    Duration interval() {
        return per.dividedBy(permits);
    }

    /** Returns the rate as people read it: {@code 100/s}, {@code 30/min}, or {@code 5 per 100 ms}. */
    String label() {
        if (per.equals(Duration.ofSeconds(1))) {
            return permits + "/s";
        }
        if (per.equals(Duration.ofMinutes(1))) {
            return permits + "/min";
        }
        return permits + " per " + Format.duration(per);
    }

    /** Returns the rate in starts per second, for the summary. */
    double perSecond() {
        return permits * 1e9 / per.toNanos();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d/%s", permits, per);
    }

    /** Parses {@code N/DURATION} for picocli; every bad form is a usage error that shows the good one. */
    static final class Converter implements ITypeConverter<Rate> {

        @Override
        public Rate convert(String text) {
            return parse(text);
        }
    }

    /**
     * Returns the rate {@code text} names.
     *
     * @throws TypeConversionException when it names none, or zero permits, or a period of zero
     */
    static Rate parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new TypeConversionException("'" + text + "' has no period (expected: " + FORM + ")");
        }
        String count = text.substring(0, slash).trim();
        int permits;
        try {
            permits = Integer.parseInt(count);
        } catch (NumberFormatException e) {
            throw new TypeConversionException(
                    "'" + text + "': '" + count + "' is not a whole number (expected: " + FORM + ")");
        }
        if (permits < 1) {
            throw new TypeConversionException("'" + text + "': " + permits + " (expected: at least 1 per period)");
        }
        Duration per;
        try {
            per = DurationConverter.parse(text.substring(slash + 1));
        } catch (TypeConversionException e) {
            throw new TypeConversionException("'" + text + "': the period " + e.getMessage());
        }
        if (per.toNanos() / permits < 1) {
            throw new TypeConversionException("'" + text + "' (expected: at most one start a nanosecond)");
        }
        return new Rate(permits, per);
    }
}
