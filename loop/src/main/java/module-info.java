/**
 * fanout's loop: one thread running one Netty event loop, with tasks, timers, futures and
 * slow-task warnings ({@link dev.fanout.loop.Loop}).
 *
 * <p>Exports {@code dev.fanout.loop} to everyone. {@code dev.fanout.loop.internal} (the Netty
 * parts under a loop) is exported to fanout's client only: it is not API, and no other module
 * can name its types. Netty is not re-exported: nothing in {@code dev.fanout.loop}'s API names a
 * Netty type.
 */
// "module": the qualified export names dev.fanout.client, which is built after this module.
@SuppressWarnings("module")
module dev.fanout.loop {
    requires io.netty.common;
    requires io.netty.transport;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.classes.io_uring;
    requires org.slf4j;

    exports dev.fanout.loop;
    exports dev.fanout.loop.internal to
            dev.fanout.client;
}
