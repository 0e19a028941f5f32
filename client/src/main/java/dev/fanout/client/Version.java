package dev.fanout.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Names the build of fanout's client on the class path: its version, the git commit it was built
 * from and the build's timestamp, as the build wrote them into the jar ({@code
 * version.properties}, filtered by Maven).
 *
 * <p>The client sends the version in its default {@code User-Agent} ({@code fanout/0.1.0}); the
 * {@code fanout} command prints all three for {@code fanout --version}. A value the jar does not
 * carry (a build outside Maven, or one without git) reads as {@code "dev"} for the version and
 * {@code "unknown"} for the others, never as a placeholder such as {@code ${project.version}}.
 *
 * <p>Read once, when the class loads; thread-safe.
 */
public final class Version {

    /** The version when the jar carries none: a build outside Maven (an IDE's, say). */
    static final String UNKNOWN_VERSION = "dev";

    /** The commit or build time when the jar carries none. */
    static final String UNKNOWN = "unknown";

    /** The version, for example {@code 0.1.0}, or {@code "dev"} when unknown. */
    static final String VERSION;

    private static final String COMMIT;
    private static final String BUILD_TIME;

    static {
        Properties built = read();
        VERSION = value(built, "version", UNKNOWN_VERSION);
        COMMIT = value(built, "commit", UNKNOWN);
        BUILD_TIME = value(built, "buildTime", UNKNOWN);
    }

    private Version() {}

    /** Returns the version of this build, for example {@code 0.1.0}, or {@code "dev"} when unknown. */
    public static String version() {
        return VERSION;
    }

    /**
     * Returns the git commit this build was made from, abbreviated to 12 hex digits (more where
     * 12 would name two objects), with {@code -dirty} after it when the work tree had uncommitted changes (as {@code git describe --dirty}
     * says), or {@code "unknown"} when the build had no git to ask.
     */
    public static String commit() {
        return COMMIT;
    }

    /**
     * Returns the build's timestamp, as ISO-8601 (for example {@code 2026-12-04T00:00:00Z}), or
     * {@code "unknown"}. Builds are reproducible: this is the time the build stamps on every file
     * in its jars ({@code project.build.outputTimestamp}), set when a release is made, not the
     * moment a machine ran the build.
     */
    public static String buildTime() {
        return BUILD_TIME;
    }

    private static Properties read() {
        Properties built = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                built.load(in);
            }
        } catch (IOException e) {
            // An unreadable resource names nothing: every value falls back to its default.
            built.clear();
        }
        return built;
    }

    /** Returns the property, or the fallback when it is missing, blank or left unfiltered. */
    private static String value(Properties built, String name, String fallback) {
        String value = built.getProperty(name);
        if (value == null || value.isBlank() || value.contains("${")) {
            return fallback;
        }
        return value.trim();
    }
}
