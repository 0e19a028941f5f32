package dev.fanout.testkit.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The hostile server's sockets: one Netty event loop, on one daemon thread, accepts on
 * {@code 127.0.0.1} and a dynamic port and serves every connection (each one starting with a
 * {@link ProtocolDetector}); {@link #close()} closes them all and ends the thread.
 *
 * <p>Thread-safe.
 */
public final class HostileChannels implements AutoCloseable {

    private final EventLoopGroup group;
    private final ChannelGroup open;
    private final Channel server;
    private final HostileCounts counts = new HostileCounts();
    private final AtomicBoolean closed = new AtomicBoolean();

    private HostileChannels(EventLoopGroup group) {
        this.group = group;
        this.open = new DefaultChannelGroup(group.next());
        try {
            this.server = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            counts.connectionAccepted();
                            open.add(ch);
                            ch.pipeline().addLast("detect", new ProtocolDetector(counts));
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .syncUninterruptibly()
                    .channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
            throw e;
        }
    }

    /** Binds a new server and returns it. */
    public static HostileChannels bind() {
        DefaultThreadFactory threads = new DefaultThreadFactory("fanout-hostile-server", true);
        return new HostileChannels(new MultiThreadIoEventLoopGroup(1, threads, NioIoHandler.newFactory()));
    }

    /** Returns the port it listens on. */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Returns what it counted. */
    public HostileCounts counts() {
        return counts;
    }

    /** Returns the number of connections open now, as the server sees them. */
    public int openConnections() {
        return open.size();
    }

    /** Closes the listening socket and every connection, and ends the thread; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.close().syncUninterruptibly();
        open.close().syncUninterruptibly();
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
