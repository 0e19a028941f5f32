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
}
