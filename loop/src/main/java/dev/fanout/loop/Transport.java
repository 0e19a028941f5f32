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
     * profile refuses io_uring it does not load, and the default falls back to EPOLL. Also the
     * default only with Netty's multishot POLL_ADD off ({@link #IO_URING_MULTISHOT_POLL_PROPERTY}).
     */
    IO_URING;

    /** The system property that names the transport of a loop whose builder names none. */
    public static final String PROPERTY = "fanout.transport";

    /**
     * Netty's system property for io_uring's multishot POLL_ADD, which fanout sets to
     * {@code false} unless it is set already. With it on (Netty's default), Netty 4.2.18 now and
     * then misses a connection's reset that comes just after part of a response: the channel
     * hears nothing more, and the call waits out its timeout. Reproduced with Netty alone
     * (a response's head and part of its body, then an RST, both cores under load): 13 of
     * 3,000 connections never closed with it on, none of 3,000 with it off; through fanout's
     * client 16 of 3,000 calls ended TIMEOUT on io_uring with it on, none with it off, none on
     * epoll. Batches of 10,000 ran as fast either way (bench/README.md).
     */
    public static final String IO_URING_MULTISHOT_POLL_PROPERTY = "io.netty.iouring.pollAddMultishotEnabled";

    static {
        // Before anything of fanout's loads Netty's IoUring, whose static initializer reads it.
        if (System.getProperty(IO_URING_MULTISHOT_POLL_PROPERTY) == null) {
            System.setProperty(IO_URING_MULTISHOT_POLL_PROPERTY, "false");
        }
    }

    /**
     * Returns the transport a loop takes when its builder names none: the one {@value #PROPERTY}
     * names, else IO_URING where it loads with its multishot POLL_ADD off (see
     * {@link #IO_URING_MULTISHOT_POLL_PROPERTY}: on when someone set it so, or when Netty's
     * IoUring was loaded before this class), else EPOLL where it loads, else NIO. For code that
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
        return ioUringUsable() ? IO_URING : Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** Returns true when io_uring loads here and its multishot POLL_ADD is off. */
    static boolean ioUringUsable() {
        return IoUring.isAvailable() && !IoUring.isPollAddMultishotEnabled();
    }
}
