package dev.fanout.testkit;

import dev.fanout.testkit.internal.Reply;
import dev.fanout.testkit.internal.Reply.DelayKind;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * How a stub of the test's own answers, with the testkit's delays and faults: give one to
 * {@link SlowEndpoints#stub}, with a WireMock request pattern for your own API.
 *
 * <pre>{@code
 * server.stub(get(urlPathMatching("/users/[0-9]+")),
 *     Answer.json(path -> "{\"id\":" + path.substring("/users/".length()) + "}")
 *         .logNormalDelay(Duration.ofMillis(100), 0.5, Duration.ofSeconds(1)));
 * server.stub(get("/users/13"), Answer.failure(Failure.connectionReset()));
 * server.stub(get("/users/14"), Answer.json("{\"id\":14}").flaky(2, Failure.status(503)));
 * }</pre>
 *
 * <p>Each request draws its own delay, so random delays differ from request to request; flaky
 * failures are counted per URL path, so every user id of one stub fails its own first times.
 * The server records the delay it chose, so these stubs count in {@link
 * SlowEndpoints#peakInFlight()} like the testkit's own URLs.
 *
 * <p>Immutable and thread-safe: each method returns a new answer. A body function is called on
 * the server's threads, at each request, and must be thread-safe.
 */
public final class Answer {

    private static final String CONTENT_TYPE = "Content-Type";

    private final Reply reply;

    private Answer(Reply reply) {
        this.reply = reply;
    }

    /** Returns an answer of 200 with {@code json} as its {@code application/json} body. */
    public static Answer json(String json) {
        Objects.requireNonNull(json, "json");
        return json(path -> json);
    }

    /**
     * Returns an answer of 200 whose {@code application/json} body {@code json} makes from the
     * request's path (without its query), for a stub that matches many paths: {@code
     * Answer.json(path -> "{\"id\":" + path.substring("/users/".length()) + "}")}.
     */
    public static Answer json(Function<String, String> json) {
        Objects.requireNonNull(json, "json");
        return new Answer(Reply.of(json).header(CONTENT_TYPE, "application/json"));
    }

    /** Returns an answer of 200 with {@code text} as its {@code text/plain} UTF-8 body. */
    public static Answer text(String text) {
        Objects.requireNonNull(text, "text");
        return new Answer(Reply.of(path -> text).header(CONTENT_TYPE, "text/plain; charset=utf-8"));
    }

    /**
     * Returns an answer that always fails with {@code failure}: a connection reset, an empty
     * response, a malformed chunk, random data, or a status such as 503.
     */
    public static Answer failure(Failure failure) {
        return new Answer(
                Reply.failing(Objects.requireNonNull(failure, "failure").urlWord()));
    }

    /**
     * Returns an answer that never comes while the server runs: the request is held, its
     * connection open, until the client gives up or the server closes.
     */
    public static Answer neverAnswers() {
        return new Answer(Reply.never());
    }

    /** Returns this answer with {@code status} (such as 201 or 404) instead of 200. */
    public Answer withStatus(int status) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status: " + status + " (expected: 100..999)");
        }
        return new Answer(reply.status(status));
    }

    /** Returns this answer with one more response header. */
    public Answer withHeader(String name, String value) {
        return new Answer(reply.header(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value")));
    }

    /** Returns this answer sent after {@code delay}. */
    public Answer delay(Duration delay) {
        return new Answer(reply.delay(DelayKind.FIXED, millis("delay", delay)));
    }

    /** Returns this answer sent after a delay drawn uniformly from [min, max] at each request. */
    public Answer uniformDelay(Duration min, Duration max) {
        long from = millis("min", min);
        long to = millis("max", max);
        if (to < from) {
            throw new IllegalArgumentException("max: " + max + " (expected: >= min " + min + ")");
        }
        return new Answer(reply.delay(DelayKind.UNIFORM, from, to));
    }

    /**
     * Returns this answer sent after a log-normal delay drawn at each request, as real services'
     * latencies are: half the requests wait less than {@code median}, {@code sigma} (say 0.5 to
     * 1) sets the tail, and none waits longer than {@code cap}.
     */
    public Answer logNormalDelay(Duration median, double sigma, Duration cap) {
        if (!(sigma >= 0 && sigma <= 10)) {
            throw new IllegalArgumentException("sigma: " + sigma + " (expected: 0..10)");
        }
        return new Answer(reply.delay(
                DelayKind.LOGNORMAL, millis("median", median), Math.round(sigma * 1000), millis("cap", cap)));
    }

    /**
     * Returns this answer with its body sent in {@code chunks} chunks spread evenly over
     * {@code duration} (fewer when the body is shorter than that many bytes). Each slow body
     * takes one of the server's response threads while it is sent.
     */
    public Answer slowBody(int chunks, Duration duration) {
        if (chunks <= 0) {
            throw new IllegalArgumentException("chunks: " + chunks + " (expected: > 0)");
        }
        return new Answer(reply.dribble(chunks, millis("duration", duration)));
    }

    /**
     * Returns this answer preceded by {@code failures} failures of {@code failure} on each URL
     * path the stub matches: {@code flaky(2, Failure.status(503))} answers 503, 503, then this.
     * {@link SlowEndpoints#reset()} starts the counts again.
     */
    public Answer flaky(int failures, Failure failure) {
        if (failures < 0) {
            throw new IllegalArgumentException("failures: " + failures + " (expected: >= 0)");
        }
        return new Answer(
                reply.flaky(failures, Objects.requireNonNull(failure, "failure").urlWord()));
    }

    Reply reply() {
        return reply;
    }

    private static long millis(String name, Duration duration) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + ": " + duration + " (expected: >= 0)");
        }
        if (duration.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": " + duration + " (expected: <= " + Integer.MAX_VALUE + " ms)");
        }
        return duration.toMillis();
    }
}
