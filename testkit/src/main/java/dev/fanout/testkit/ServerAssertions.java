package dev.fanout.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Assertions about what a {@link SlowEndpoints} server saw, that read as sentences and fail
 * with a message that says what the server saw instead.
 *
 * <pre>{@code
 * import static dev.fanout.testkit.ServerAssertions.assertThatServer;
 *
 * assertThatServer(server)
 *     .heldAtOnce(1_000)             // every request was in flight at the same time
 *     .receivedEach(urls, 1)         // no retries, no hedges
 *     .received(1_000);
 * }</pre>
 *
 * <p>Failures throw {@link AssertionError}, so any test framework reports them. Each assertion
 * reads the server's counts when it runs: assert after the client has its answers.
 *
 * <p>Thread-safe, as the server it reads.
 */
public final class ServerAssertions {

    private static final int LISTED = 5;

    private final SlowEndpoints server;

    private ServerAssertions(SlowEndpoints server) {
        this.server = server;
    }

    /** Starts assertions about {@code server}. */
    public static ServerAssertions assertThatServer(SlowEndpoints server) {
        return new ServerAssertions(Objects.requireNonNull(server, "server"));
    }

    /** Asserts that the server held exactly {@code n} requests at once, at its peak. */
    public ServerAssertions heldAtOnce(int n) {
        int peak = server.peakInFlight();
        if (peak != n) {
            throw new AssertionError("expected the server to hold " + n + " requests at once at its peak, but it held "
                    + peak + " (" + server.requestCount() + " received, arrivals spread over "
                    + server.arrivalSpread().toMillis() + " ms)");
        }
        return this;
    }

    /** Asserts that the server never held more than {@code n} requests at once. */
    public ServerAssertions heldAtMost(int n) {
        int peak = server.peakInFlight();
        if (peak > n) {
            throw new AssertionError(
                    "expected the server to hold at most " + n + " requests at once, but it held " + peak);
        }
        return this;
    }

    /** Asserts that the server held at least {@code n} requests at once, at its peak. */
    public ServerAssertions heldAtLeast(int n) {
        int peak = server.peakInFlight();
        if (peak < n) {
            throw new AssertionError(
                    "expected the server to hold at least " + n + " requests at once, but it held only " + peak
                            + " (arrivals spread over " + server.arrivalSpread().toMillis() + " ms)");
        }
        return this;
    }

    /**
     * Asserts that every request arrived within {@code window} of the first, since the last
     * reset: the client started them together rather than one after another.
     */
    public ServerAssertions arrivedWithin(Duration window) {
        Duration spread = server.arrivalSpread();
        if (spread.compareTo(Objects.requireNonNull(window, "window")) > 0) {
            throw new AssertionError("expected every request to arrive within " + window.toMillis()
                    + " ms of the first, " + "but arrivals spread over " + spread.toMillis() + " ms");
        }
        return this;
    }

    /** Asserts that the server received exactly {@code n} requests in all. */
    public ServerAssertions received(int n) {
        int count = server.requestCount();
        if (count != n) {
            throw new AssertionError("expected the server to receive " + n + " requests, but it received " + count);
        }
        return this;
    }

    /** Asserts that the server received exactly {@code n} requests for {@code url}. */
    public ServerAssertions received(String url, int n) {
        int count = server.requestCount(url);
        if (count != n) {
            throw new AssertionError(
                    "expected the server to receive " + n + " requests for " + url + ", but it received " + count);
        }
        return this;
    }

    /** Asserts that the server received exactly {@code n} requests for each of {@code urls}. */
    public ServerAssertions receivedEach(Collection<String> urls, int n) {
        List<String> wrong = new ArrayList<>();
        int wrongCount = 0;
        for (String url : urls) {
            int count = server.requestCount(url);
            if (count != n) {
                wrongCount++;
                if (wrong.size() < LISTED) {
                    wrong.add(url + " (" + count + ")");
                }
            }
        }
        if (wrongCount > 0) {
            throw new AssertionError("expected the server to receive " + n + " requests for each of " + urls.size()
                    + " URLs, but " + wrongCount + " differ, such as " + String.join(", ", wrong));
        }
        return this;
    }
}
