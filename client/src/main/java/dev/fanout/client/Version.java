package dev.fanout.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The library's version, read from the jar (written there by the build). */
final class Version {

    /** The version, for example {@code 0.1.0}, or {@code "dev"} when unknown. */
    static final String VERSION = read();

    private Version() {}

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank() && !v.startsWith("${")) {
                    return v.trim();
                }
            }
        } catch (IOException ignored) {
            // fall through to "dev"
        }
        return "dev";
    }
}
