package dev.fanout.client.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
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

    /** Returns a copy of {@code addresses}, or throws naming the option when one is null or not an IP address and port. */
    public static List<InetSocketAddress> ipAddresses(String name, List<InetSocketAddress> addresses) {
        Objects.requireNonNull(addresses, name);
        for (InetSocketAddress address : addresses) {
            Objects.requireNonNull(address, name + ": a null entry");
            if (address.isUnresolved()) {
                throw new IllegalArgumentException(name + ": " + address + " (expected: an IP address and port)");
            }
        }
        return List.copyOf(addresses);
    }

    /** The largest {@code maxResponseBytes}: a body is gathered into one array. */
    private static final long MAX_BODY = Integer.MAX_VALUE - 8;

    /** Returns {@code n}, or throws IllegalArgumentException naming the option when it is outside 0..{@link #MAX_BODY}. */
    public static long bodyBytes(String name, long n) {
        if (n < 0 || n > MAX_BODY) {
            throw new IllegalArgumentException(name + ": " + n + " (expected: 0.." + MAX_BODY + ")");
        }
        return n;
    }

    /** Returns {@code p}, or throws IllegalArgumentException naming the option unless strictly between 0 and 1. */
    public static double fraction(String name, double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException(name + ": " + p + " (expected: between 0 and 1, such as 0.95)");
        }
        return p;
    }

    /** Returns {@code value}, or throws naming the option when it is null or not a legal header value. */
    public static String headerValue(String name, String value) {
        Objects.requireNonNull(value, name);
        String problem = HttpSyntax.checkValue(value);
        if (problem != null) {
            throw new IllegalArgumentException(name + ": \"" + value + "\" " + problem);
        }
        return value;
    }
}
