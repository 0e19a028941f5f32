package dev.fanout.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses durations as people write them: {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 1m},
 * a bare number of seconds ({@code 10}, as curl's {@code --max-time}), or ISO-8601
 * ({@code PT2S}). Zero and negative durations are refused.
 */
final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?");

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
            BigDecimal amount = new BigDecimal(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            BigDecimal nanosPerUnit = BigDecimal.valueOf(switch (unit) {
                case "ms" -> 1_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 1_000_000_000L;
            });
            d = Duration.ofNanos(amount.multiply(nanosPerUnit).longValue());
        } else {
            try {
                d = Duration.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + text + "' (expected: a duration such as 500ms, 2s, 1.5s, 1m)");
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw new TypeConversionException("'" + text + "' (expected: more than zero)");
        }
        return d;
    }
}
