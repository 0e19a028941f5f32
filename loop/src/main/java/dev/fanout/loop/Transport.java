package dev.fanout.loop;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.util.Arrays;
import java.util.Locale;

/**
 * The Netty IO transport under a {@link Loop}. A loop whose builder names none runs on the one
 * the system property {@code fanout.transport} names ({@code io_uring}, {@code epoll} or
 * {@code nio}), else on IO_URING where it loads, else on EPOLL where it loads, else on NIO.
 */
public enum Transport {
    /**
     * Linux's epoll, through Netty's native transport ({@code netty-transport-native-epoll} on
     * the class path); the default where it loads and io_uring does not.
     */
    EPOLL,
    /** Java NIO selectors: works everywhere. */
    NIO,
    /**
     * Linux's io_uring, through Netty's native transport (Linux 5.9 or later, and
     * {@code netty-transport-native-io_uring} on the class path): a connection's socket calls
     * go to the kernel in batches, so a loop that opens many connections spends less of its
     * thread on them. The default where it loads; where the kernel or a container's seccomp
     * profile refuses io_uring it does not load, and the default falls back to EPOLL.
     */
    IO_URING;

    /** The system property that names the transport of a loop whose builder names none. */
    public static final String PROPERTY = "fanout.transport";

    /**
     * Returns the transport a loop takes when its builder names none: the one {@value #PROPERTY}
     * names, else IO_URING where it loads, else EPOLL where it loads, else NIO. For code that
     * runs a Netty loop of its own beside fanout's and wants it on the same transport.
     *
     * @throws IllegalStateException if {@value #PROPERTY} names no transport
     */
    public static Transport byDefault() {
        String named = System.getProperty(PROPERTY);
        if (named != null) {
            try {
                return valueOf(named.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(PROPERTY + ": \"" + named + "\" (expected: one of "
                        + Arrays.toString(values()).toLowerCase(Locale.ROOT) + ")");
            }
        }
        return IoUring.isAvailable() ? IO_URING : Epoll.isAvailable() ? EPOLL : NIO;
    }
}
