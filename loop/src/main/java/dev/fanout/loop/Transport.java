package dev.fanout.loop;

/** The Netty IO transport under a {@link Loop}. */
public enum Transport {
    /** Linux's epoll, through Netty's native transport; taken by default when it loads. */
    EPOLL,
    /** Java NIO selectors: works everywhere. */
    NIO,
    /**
     * Linux's io_uring, through Netty's native transport (Linux 5.9 or later, and
     * {@code netty-transport-native-io_uring} on the class path): a connection's socket calls
     * go to the kernel in batches, so a loop that opens many connections spends less of its
     * thread on them. Where the kernel or a container's seccomp profile refuses io_uring it does
     * not load.
     */
    IO_URING
}
