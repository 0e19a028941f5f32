package dev.fanout.loop;

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
    IO_URING
}
