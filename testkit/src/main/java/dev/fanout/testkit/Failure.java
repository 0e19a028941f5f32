package dev.fanout.testkit;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.fanout.testkit.internal.FailureCode;
import java.util.Objects;

/**
 * How a flaky endpoint fails before it succeeds: a transport fault or an HTTP status.
 *
 * <pre>{@code
 * String url = server.flaky(2, Failure.status(503));   // 503, 503, then 200
 * String url = server.flaky(1, Failure.connectionReset());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Failure {

    private final String word;

    private Failure(String word) {
        this.word = word;
    }

    /** Returns the failure that closes the connection with a TCP reset before any response. */
    public static Failure connectionReset() {
        return fault(Fault.CONNECTION_RESET_BY_PEER);
    }

    /** Returns the failure that closes the connection without sending any byte. */
    public static Failure emptyResponse() {
        return fault(Fault.EMPTY_RESPONSE);
    }

    /** Returns the failure that sends a 200 status line, then a malformed chunk, then closes. */
    public static Failure malformedChunk() {
        return fault(Fault.MALFORMED_RESPONSE_CHUNK);
    }

    /** Returns the failure that sends random bytes instead of a response, then closes. */
    public static Failure randomDataThenClose() {
        return fault(Fault.RANDOM_DATA_THEN_CLOSE);
    }

    /** Returns the failure that is one of WireMock's faults. */
    public static Failure fault(Fault fault) {
        return new Failure(FailureCode.word(Objects.requireNonNull(fault, "fault")));
    }

    /** Returns the failure that answers with {@code status} (for example 503) instead of 200. */
    public static Failure status(int status) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status: " + status + " (expected: 100..999)");
        }
        return new Failure(FailureCode.word(status));
    }

    /** Returns how this failure is written in a URL, such as {@code reset} or {@code status-503}. */
    public String urlWord() {
        return word;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Failure && ((Failure) other).word.equals(word);
    }

    @Override
    public int hashCode() {
        return word.hashCode();
    }

    @Override
    public String toString() {
        return "Failure[" + word + "]";
    }
}
