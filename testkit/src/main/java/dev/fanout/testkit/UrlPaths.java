package dev.fanout.testkit;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.fanout.testkit.internal.Query;
import dev.fanout.testkit.internal.Shape;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks the arguments of each kind of testkit URL and writes its path, ending in a sequence
 * number of its own so that no two paths are alike.
 *
 * <p>Thread-safe: the sequence number is atomic, nothing else is shared.
 */
final class UrlPaths {

    private final AtomicLong tags = new AtomicLong();

    String delay(Duration delay) {
        return make(Shape.DELAY, millis("delay", delay));
    }

    String uniform(Duration min, Duration max) {
        long from = millis("min", min);
        long to = millis("max", max);
        if (to < from) {
            throw new IllegalArgumentException("max: " + max + " (expected: >= min " + min + ")");
        }
        return make(Shape.UNIFORM, from, to);
    }

    String logNormal(Duration median, double sigma, Duration cap) {
        if (!(sigma >= 0 && sigma <= 10)) {
            throw new IllegalArgumentException("sigma: " + sigma + " (expected: 0..10)");
        }
        return make(Shape.LOGNORMAL, millis("median", median), Math.round(sigma * 1000), millis("cap", cap));
    }

    String slowBody(int bytes, int chunks, Duration duration) {
        if (chunks <= 0 || chunks > bytes) {
            throw new IllegalArgumentException("chunks: " + chunks + " (expected: 0 < chunks <= bytes " + bytes + ")");
        }
        return make(Shape.DRIBBLE, bytes, chunks, millis("duration", duration));
    }

    String body(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes: " + bytes + " (expected: >= 0)");
        }
        return make(Shape.BYTES, bytes);
    }

    String status(int status, Map<String, String> headers) {
        String word = Failure.status(status).urlWord();
        String path = make(Shape.STATUS, word.substring(word.indexOf('-') + 1));
        for (Map.Entry<String, String> header : headers.entrySet()) {
            path = withHeader(path, header.getKey(), header.getValue());
        }
        return path;
    }

    String json(String json) {
        String path = make(Shape.JSON);
        return json == null ? path : Query.append(path, Query.body(json));
    }

    String fault(Fault fault) {
        return make(Shape.FAULT, Failure.fault(fault).urlWord());
    }

    String flaky(int failures, Failure failure) {
        if (failures < 0) {
            throw new IllegalArgumentException("failures: " + failures + " (expected: >= 0)");
        }
        return make(
                Shape.FLAKY,
                failures,
                Objects.requireNonNull(failure, "failure").urlWord());
    }

    String never() {
        return make(Shape.NEVER);
    }

    String echo() {
        return make(Shape.ECHO);
    }

    String redirect(int status, String location) {
        if (status < 300 || status > 399) {
            throw new IllegalArgumentException("status: " + status + " (expected: 300..399)");
        }
        return status(status, Map.of("Location", Objects.requireNonNull(location, "location")));
    }

    String redirectLoop() {
        return make(Shape.REDIRECT_LOOP);
    }

    String gzip(long inflatedBytes) {
        if (inflatedBytes < 0) {
            throw new IllegalArgumentException("inflatedBytes: " + inflatedBytes + " (expected: >= 0)");
        }
        return make(Shape.GZIP, inflatedBytes);
    }

    static String withHeader(String url, String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        return Query.append(url, Query.header(name, value));
    }

    /** Returns the path and query of a URL: what the server sees and counts by. */
    static String pathAndQuery(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url;
        }
        int slash = url.indexOf('/', scheme + 3);
        return slash < 0 ? "/" : url.substring(slash);
    }

    private String make(Shape shape, Object... args) {
        return shape.path(tags.incrementAndGet(), args);
    }

    private static long millis(String name, Duration duration) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + ": " + duration + " (expected: >= 0)");
        }
        return duration.toMillis();
    }
}
