package dev.fanout.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses durations as people write them, always with a unit: {@code 500ms}, {@code 2s},
 * {@code 1.5s}, {@code 1m}, or ISO-8601 ({@code PT2S}). A bare number is refused, not guessed:
 * curl reads {@code --max-time 2} as seconds, other tools as milliseconds, and a wrong guess
 * turns a 2 s timeout into 2 ms or 33 minutes. Zero and negative durations are refused.
 */
final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?");

    /** The accepted forms, for messages and help. */
    static final String FORMS = "500ms, 2s, 1.5s, 1m or PT2S";

    @Override
    public Duration convert(String text) {
        return parse(text);
    }

    /**
     * Returns the duration {@code text} names.
     *
     * @throws TypeConversionException when it names none, or zero, or less
     */
    static Duration parse(String text) {
        Duration d;
        Matcher m = SIMPLE.matcher(text.trim());
        if (m.matches()) {
            if (m.group(2) == null) {
                throw new TypeConversionException(
                        "'" + text + "' has no unit (expected: a duration with its unit: " + FORMS + ")");
            }
            BigDecimal amount = new BigDecimal(m.group(1));
            String unit = m.group(2);
            BigDecimal nanosPerUnit = BigDecimal.valueOf(
                    switch (unit) {
                        case "ms" -> 1_000_000L;
                        case "m" -> 60_000_000_000L;
                        default -> 1_000_000_000L;
                    });
            d = Duration.ofNanos(amount.multiply(nanosPerUnit).longValue());
        } else {
            try {
                d = Duration.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + text + "' (expected: a duration with its unit: " + FORMS + ")");
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw new TypeConversionException("'" + text + "' (expected: more than zero)");
        }
        return d;
    }
}
