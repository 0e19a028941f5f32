package dev.fanout.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * One request header from {@code -H 'Name: value'}.
 *
 * @param name the header name, an HTTP token
 * @param value the value, trimmed; may be empty
 */
record Header(String name, String value) {

    /** Parses {@code 'Name: value'}; picocli reports a bad one as a usage error (exit code 2). */
    static final class Converter implements ITypeConverter<Header> {
        @Override
        public Header convert(String text) {
            return parse(text);
        }
    }

    /**
     * Parses {@code 'Name: value'}.
     *
     * @throws TypeConversionException with a message that shows the expected form
     */
    static Header parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new TypeConversionException("'" + text + "' (expected: 'Name: value')");
        }
        String name = text.substring(0, colon).trim();
        String value = text.substring(colon + 1).trim();
        if (name.isEmpty() || !name.chars().allMatch(Header::tokenChar)) {
            throw new TypeConversionException("'" + text + "': the name '" + name
                    + "' is not an HTTP token (expected: 'Name: value', the name without spaces)");
        }
        if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw new TypeConversionException("'" + name + "': the value has a line break or NUL");
        }
        return new Header(name, value);
    }

    private static boolean tokenChar(int c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }
}
