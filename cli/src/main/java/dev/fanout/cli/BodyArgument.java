package dev.fanout.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The request body of {@code -d BODY} (the text itself, UTF-8) or {@code -d @file} (the file's bytes, as curl does).
 *
 * @param bytes the body
 * @param source where it came from, for messages
 */
record BodyArgument(byte[] bytes, String source) {

    /** Reads {@code -d}; a missing or unreadable file is a usage error (exit code 2). */
    static final class Converter implements ITypeConverter<BodyArgument> {
        @Override
        public BodyArgument convert(String text) {
            return parse(text);
        }
    }

    /**
     * Returns the body that {@code text} names.
     *
     * @throws TypeConversionException when {@code @file} cannot be read
     */
    static BodyArgument parse(String text) {
        if (!text.startsWith("@")) {
            return new BodyArgument(text.getBytes(StandardCharsets.UTF_8), "text");
        }
        Path file = Path.of(text.substring(1));
        try {
            return new BodyArgument(Files.readAllBytes(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new TypeConversionException("'" + text + "': no such file");
        } catch (IOException e) {
            throw new TypeConversionException("'" + text + "': cannot read it: " + e.getMessage());
        }
    }
}
