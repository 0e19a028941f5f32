package dev.fanout.testkit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The kinds of endpoint a testkit URL names, and how each is spelled in a URL path.
 *
 * <p>A testkit URL is {@code /{kind}/{arg}/.../{tag}}: the kind, its arguments, then any
 * number of further segments that only make the URL distinct (the testkit puts a sequence
 * number there). Arguments are plain decimal numbers or short words, so URLs can be written
 * by hand: {@code /delay/250}, {@code /status/503/7}, {@code /flaky/2/reset/9}.
 *
 * <p>Immutable and thread-safe.
 */
public enum Shape {
    /** {@code /delay/{ms}}: 200 after a fixed delay. */
    DELAY("delay", 1),
    /** {@code /uniform/{minMs}/{maxMs}}: 200 after a delay drawn uniformly from [min, max]. */
    UNIFORM("uniform", 2),
    /**
     * {@code /lognormal/{medianMs}/{sigmaMilli}/{capMs}}: 200 after a log-normal delay with that
     * median and sigma (in thousandths), never longer than the cap.
     */
    LOGNORMAL("lognormal", 3),
    /** {@code /dribble/{bytes}/{chunks}/{ms}}: a body of that size sent in chunks over ms. */
    DRIBBLE("dribble", 3),
    /** {@code /bytes/{n}}: a body of n bytes at once. */
    BYTES("bytes", 1),
    /** {@code /status/{code}}: that status, a short text body. */
    STATUS("status", 1),
    /** {@code /json}: a JSON body, either {@code {"tag":...}} or the base64url query {@code b}. */
    JSON("json", 0),
    /** {@code /fault/{failure}}: a transport fault ({@link FailureCode}). */
    FAULT("fault", 1),
    /** {@code /flaky/{n}/{failure}}: fails n times per URL, then 200. */
    FLAKY("flaky", 2),
    /** {@code /never}: holds the request until the server stops. */
    NEVER("never", 0),
    /** {@code /echo}: 200 with the request's method, path, headers and body as JSON. */
    ECHO("echo", 0),
    /** {@code /redirect-loop}: 302 to itself, for ever. */
    REDIRECT_LOOP("redirect-loop", 0),
    /** {@code /gzip/{inflatedBytes}}: a gzip-encoded body of zeros that inflates to that size. */
    GZIP("gzip", 1);

    private final String segment;
    private final int arity;

    Shape(String segment, int arity) {
        this.segment = segment;
        this.arity = arity;
    }

    /** Returns the first path segment that names this shape. */
    public String segment() {
        return segment;
    }

    /** Returns a regular expression for WireMock that matches every path of every shape. */
    public static String pathRegex() {
        List<String> names = new ArrayList<>();
        for (Shape shape : values()) {
            names.add(shape.segment);
        }
        return "/(" + String.join("|", names) + ")(/.*)?";
    }

    /**
     * Builds the path of a URL of this shape: {@code /segment/args.../tag}.
     *
     * @param tag what makes the URL distinct, appended as the last segment
     * @param args the shape's arguments, in order
     */
    public String path(long tag, Object... args) {
        if (args.length != arity) {
            throw new IllegalArgumentException(segment + ": " + args.length + " arguments (expected: " + arity + ")");
        }
        StringBuilder path = new StringBuilder("/").append(segment);
        for (Object arg : args) {
            path.append('/').append(arg.toString().toLowerCase(Locale.ROOT));
        }
        return path.append('/').append(tag).toString();
    }

    /**
     * Parses a request path (no query) into its shape and arguments.
     *
     * @return the parsed request, or null when the path names no shape or lacks arguments
     */
    public static Parsed parse(String path) {
        String[] segments = path.split("/");
        // segments[0] is the empty string before the leading slash.
        if (segments.length < 2) {
            return null;
        }
        for (Shape shape : values()) {
            if (shape.segment.equals(segments[1])) {
                if (segments.length < 2 + shape.arity) {
                    return null;
                }
                String[] args = new String[shape.arity];
                System.arraycopy(segments, 2, args, 0, shape.arity);
                return new Parsed(shape, List.of(args));
            }
        }
        return null;
    }

    /** A path parsed into its shape and the shape's arguments (as written). */
    public record Parsed(Shape shape, List<String> args) {

        /** Returns argument i as a non-negative long, or throws IllegalArgumentException. */
        public long number(int i) {
            String arg = args.get(i);
            try {
                long value = Long.parseLong(arg);
                if (value >= 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(shape.segment + ": bad number '" + arg + "'");
        }

        /** Returns argument i as written. */
        public String word(int i) {
            return args.get(i);
        }
    }
}
