package dev.fanout.bench;

import dev.fanout.loop.Transport;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import io.netty.channel.uring.IoUringSocketChannel;

/**
 * The bench's bare Netty loops on the transport fanout's loop takes by default
 * ({@link Transport#byDefault()}), so that a bare loop beside fanout's differs from it in what runs
 * on the loop, not in how the loop talks to the kernel.
 */
final class Transports {

    private Transports() {}

    /** Netty's IO handler for {@code transport}; io_uring's completion queue sized as fanout sizes it. */
    static IoHandlerFactory ioHandler(Transport transport) {
        return switch (transport) {
            case IO_URING -> IoUringIoHandler.newFactory(new IoUringIoHandlerConfig().setCqSize(32_768));
            case EPOLL -> EpollIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
    }

    /** Netty's TCP channel type for {@code transport}. */
    static Class<? extends SocketChannel> socketChannel(Transport transport) {
        return switch (transport) {
            case IO_URING -> IoUringSocketChannel.class;
            case EPOLL -> EpollSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }
}
