package dev.fanout.testkit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a stub of the test's own answers, as the testkit's {@code Answer} describes it: a status,
 * headers and a body, and how the answer is delayed, dribbled or failed. {@link
 * ReplyTransformer} turns it into a WireMock response at each request.
 *
 * <p>Immutable and thread-safe, provided the body function is.
 */
public final class Reply {

    /** How the delay before the response is chosen. */
    public enum DelayKind {
        /** No delay. */
        NONE,
        /** {@code delayArgs[0]} ms. */
        FIXED,
        /** Uniform in [{@code delayArgs[0]}, {@code delayArgs[1]}] ms. */
        UNIFORM,
        /** Log-normal: median {@code delayArgs[0]} ms, sigma {@code delayArgs[1]} thousandths, cap {@code delayArgs[2]} ms. */
        LOGNORMAL
    }

    final int status;
    final Function<String, String> body;
    final List<Map.Entry<String, String>> headers;
    final DelayKind delayKind;
    final long[] delayArgs;
    final int dribbleChunks;
    final long dribbleMillis;
    final String failure;
    final boolean never;
    final int flakyFailures;
    final String flakyFailure;

    private Reply(
            int status,
            Function<String, String> body,
            List<Map.Entry<String, String>> headers,
            DelayKind delayKind,
            long[] delayArgs,
            int dribbleChunks,
            long dribbleMillis,
            String failure,
            boolean never,
            int flakyFailures,
            String flakyFailure) {
        this.status = status;
        this.body = body;
        this.headers = headers;
        this.delayKind = delayKind;
        this.delayArgs = delayArgs;
        this.dribbleChunks = dribbleChunks;
        this.dribbleMillis = dribbleMillis;
        this.failure = failure;
        this.never = never;
        this.flakyFailures = flakyFailures;
        this.flakyFailure = flakyFailure;
    }

    /** Returns a 200 reply whose body is made from the request's path by {@code body}. */
    public static Reply of(Function<String, String> body) {
        return new Reply(200, body, List.of(), DelayKind.NONE, new long[0], 0, 0, null, false, 0, null);
    }

    /** Returns a reply that fails every time: a failure word of {@link FailureCode}. */
    public static Reply failing(String failureWord) {
        FailureCode.fault(failureWord); // checks the word
        return new Reply(200, path -> "", List.of(), DelayKind.NONE, new long[0], 0, 0, failureWord, false, 0, null);
    }

    /** Returns a reply that never comes while the server runs. */
    public static Reply never() {
        return new Reply(200, path -> "", List.of(), DelayKind.NONE, new long[0], 0, 0, null, true, 0, null);
    }

    /** Returns this reply with another status. */
    public Reply status(int newStatus) {
        return new Reply(
                newStatus,
                body,
                headers,
                delayKind,
                delayArgs,
                dribbleChunks,
                dribbleMillis,
                failure,
                never,
                flakyFailures,
                flakyFailure);
    }

    /** Returns this reply with one more response header. */
    public Reply header(String name, String value) {
        List<Map.Entry<String, String>> more = new ArrayList<>(headers);
        more.add(Map.entry(name, value));
        return new Reply(
                status,
                body,
                List.copyOf(more),
                delayKind,
                delayArgs,
                dribbleChunks,
                dribbleMillis,
                failure,
                never,
                flakyFailures,
                flakyFailure);
    }

    /** Returns this reply delayed as {@code kind} says, with its arguments. */
    public Reply delay(DelayKind kind, long... args) {
        return new Reply(
                status,
                body,
                headers,
                kind,
                args.clone(),
                dribbleChunks,
                dribbleMillis,
                failure,
                never,
                flakyFailures,
                flakyFailure);
    }

    /** Returns this reply with its body sent in {@code chunks} spread over {@code millis}. */
    public Reply dribble(int chunks, long millis) {
        return new Reply(
                status,
                body,
                headers,
                delayKind,
                delayArgs,
                chunks,
                millis,
                failure,
                never,
                flakyFailures,
                flakyFailure);
    }

    /** Returns this reply preceded, for each URL, by {@code failures} of {@code failureWord}. */
    public Reply flaky(int failures, String failureWord) {
        FailureCode.fault(failureWord); // checks the word
        return new Reply(
                status,
                body,
                headers,
                delayKind,
                delayArgs,
                dribbleChunks,
                dribbleMillis,
                failure,
                never,
                failures,
                failureWord);
    }
}
