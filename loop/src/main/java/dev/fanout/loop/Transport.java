package dev.fanout.loop;

/** The Netty IO transport under a {@link Loop}. */
public enum Transport {
    /** Linux's epoll, through Netty's native transport; taken by default when it loads. */
    EPOLL,
    /** Java NIO selectors: works everywhere. */
    NIO
}
