package dev.fanout.client;

import java.util.Objects;

/**
 * One request's result with its body decoded as JSON into a type ({@link Batch#awaitAllAs},
 * {@link FanoutClient#fetchAllAs}): the value, when the request got a 2xx response whose body
 * decoded; else the error, which is the request's own ({@code CONNECT}, {@code TIMEOUT}, …) or
 * {@link ErrorKind#DECODE}; neither for a response of another status, which {@link #result()}
 * holds. Immutable.
 *
 * @param <T> the type decoded into
 */
public final class Decoded<T> {

    private final Result result;
    private final T value;
    private final FetchException error;

    Decoded(Result result, T value, FetchException error) {
        this.result = Objects.requireNonNull(result, "result");
        this.value = value;
        this.error = error;
    }

    /** Returns the position of the request in its batch. */
    public int index() {
        return result.index();
    }

    /** Returns the decoded body, or null when there is none (an error, or a status not 2xx). */
    public T value() {
        return value;
    }

    /** Returns the error, the request's own or a {@code DECODE} one, or null. */
    public FetchException error() {
        return error;
    }

    /** Returns true when the body was decoded. */
    public boolean ok() {
        return error == null && result.ok();
    }

    /** Returns the result the value was decoded from: status, headers, timings. */
    public Result result() {
        return result;
    }

    @Override
    public String toString() {
        return "Decoded[" + index() + " " + (ok() ? value : error != null ? error.kind() : result.status()) + "]";
    }
}
