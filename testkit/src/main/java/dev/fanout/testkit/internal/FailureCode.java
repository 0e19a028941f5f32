package dev.fanout.testkit.internal;

import com.github.tomakehurst.wiremock.http.Fault;

/**
 * How a failure is written in a URL segment: a fault's word, or {@code status-NNN}.
 *
 * <p>Stateless and thread-safe.
 */
public final class FailureCode {

    private FailureCode() {}

    /** Returns the URL word for a WireMock fault, such as {@code reset} for a connection reset. */
    public static String word(Fault fault) {
        switch (fault) {
            case CONNECTION_RESET_BY_PEER:
                return "reset";
            case EMPTY_RESPONSE:
                return "empty";
            case MALFORMED_RESPONSE_CHUNK:
                return "malformed-chunk";
            case RANDOM_DATA_THEN_CLOSE:
                return "random-data";
            default:
                throw new IllegalArgumentException("fault: " + fault);
        }
    }

    /** Returns the URL word for an HTTP status failure, such as {@code status-503}. */
    public static String word(int status) {
        return "status-" + status;
    }

    /** Returns the fault a word names, or null when the word names a status. */
    public static Fault fault(String word) {
        switch (word) {
            case "reset":
                return Fault.CONNECTION_RESET_BY_PEER;
            case "empty":
                return Fault.EMPTY_RESPONSE;
            case "malformed-chunk":
                return Fault.MALFORMED_RESPONSE_CHUNK;
            case "random-data":
                return Fault.RANDOM_DATA_THEN_CLOSE;
            default:
                if (word.startsWith("status-")) {
                    return null;
                }
                throw new IllegalArgumentException("unknown failure '" + word + "'");
        }
    }

    /** Returns the status a {@code status-NNN} word names. */
    public static int status(String word) {
        try {
            int status = Integer.parseInt(word.substring("status-".length()));
            if (status >= 100 && status <= 999) {
                return status;
            }
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            // reported below
        }
        throw new IllegalArgumentException("bad status failure '" + word + "'");
    }
}
