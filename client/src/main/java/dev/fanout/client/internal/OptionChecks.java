package dev.fanout.client.internal;

import java.time.Duration;
import java.util.Objects;

/** The checks of the client builder's options, each failing with the option's name and value. Stateless. */
public final class OptionChecks {

    private OptionChecks() {}

    /** Returns {@code n}, or throws IllegalArgumentException naming the option when it is not positive. */
    public static int positive(String name, int n) {
        if (n <= 0) {
            throw new IllegalArgumentException(name + ": " + n + " (expected: > 0)");
        }
        return n;
    }

    /** Returns {@code n}, or throws IllegalArgumentException naming the option when it is negative. */
    public static int nonNegative(String name, int n) {
        if (n < 0) {
            throw new IllegalArgumentException(name + ": " + n + " (expected: >= 0)");
        }
        return n;
    }

    /** Returns {@code d}, or throws (NullPointerException, IllegalArgumentException) naming the option unless positive. */
    public static Duration positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
        }
        return d;
    }
}
