package dev.fanout.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the URLs to fetch: from the command line, and from {@code -f FILE} ({@code -} for
 * stdin), one per line. Lines are trimmed; blank lines and lines starting with {@code #} are
 * skipped. A line is taken as written: a malformed URL is the client's to report
 * ({@code INVALID_REQUEST} for that URL), so one bad line does not stop the others.
 */
final class UrlList {

    private UrlList() {}

    /**
     * Returns the URLs of {@code arguments} followed by those of {@code file} (may be null).
     *
     * @throws IOException when the file cannot be read ({@link NoSuchFileException} when it is missing)
     */
    static List<String> read(List<String> arguments, String file, InputStream stdin) throws IOException {
        List<String> urls = new ArrayList<>(arguments);
        if (file != null) {
            if (file.equals("-")) {
                urls.addAll(parse(new InputStreamReader(stdin, StandardCharsets.UTF_8)));
            } else {
                try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
                    urls.addAll(parse(reader));
                }
            }
        }
        return urls;
    }

    /** Returns the URLs in {@code reader}: one per line, blank lines and {@code #} comments skipped. */
    static List<String> parse(Reader reader) throws IOException {
        List<String> urls = new ArrayList<>();
        BufferedReader lines = new BufferedReader(reader);
        String line;
        while ((line = lines.readLine()) != null) {
            String url = line.strip();
            if (!url.isEmpty() && !url.startsWith("#")) {
                urls.add(url);
            }
        }
        return urls;
    }
}
