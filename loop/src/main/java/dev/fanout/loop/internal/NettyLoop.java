package dev.fanout.loop.internal;

import dev.fanout.loop.Loop;
import dev.fanout.loop.Transport;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.LoggerFactory;

/**
 * The Netty parts under a {@code Loop}, for fanout's own modules: the event loop to register
 * channels with, and the channel types that match its transport. Not API: users see
 * {@code Loop} only, and this class may change in any release.
 *
 * <p>A {@code Loop} starts one and owns it; fanout's client reaches it through
 * {@code loop.netty()}. This class does not know {@code Loop}: the dependency runs one way, and
 * the package is exported to {@code dev.fanout.client} only.
 *
 * <p>Thread-safe. Channels built from {@link #socketChannelType()} or {@link #socketChannels()}
 * must be registered with {@link #eventLoop()}, and everything done with them happens on {@link
 * #thread()}.
 */
public final class NettyLoop {

    private final Transport transport;
    private final EventLoopGroup group;
    private final EventLoop eventLoop;
    private final Thread thread;

    private NettyLoop(Transport transport, EventLoopGroup group, EventLoop eventLoop, Thread thread) {
        this.transport = transport;
        this.group = group;
        this.eventLoop = eventLoop;
        this.thread = thread;
    }

    /**
     * The completion queue of an io_uring loop: room for the completions of ten thousand
     * connections reported at once. With Netty's default of 4,096, 5,000 new connections that
     * complete together overflow it: the kernel keeps the excess aside (no completion is lost,
     * and batches of 10,000 measured no slower) but Netty logs a warning for each overflow.
     */
    static final int IO_URING_COMPLETION_QUEUE = 32_768;

    /**
     * Starts a one-thread event loop named {@code name}, on {@code transport} or, when null, on
     * {@link Transport#byDefault()}; returns once the thread runs.
     */
    public static NettyLoop start(String name, Transport transport) {
        Transport chosen = transport != null ? transport : Transport.byDefault();
        IoHandlerFactory io = switch (chosen) {
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException(
                            "transport EPOLL is not available here: " + Epoll.unavailabilityCause());
                }
                yield EpollIoHandler.newFactory();
            }
            case IO_URING -> {
                if (!IoUring.isAvailable()) {
                    throw new IllegalStateException(
                            "transport IO_URING is not available here: " + IoUring.unavailabilityCause());
                }
                if (IoUring.isPollAddMultishotEnabled()) {
                    LoggerFactory.getLogger(Loop.class)
                            .warn(
                                    "loop '{}' runs on io_uring with Netty's multishot POLL_ADD on ({}): a reset"
                                            + " just after part of a response may go unheard, and its call wait"
                                            + " out its timeout (see Transport.IO_URING_MULTISHOT_POLL_PROPERTY)",
                                    name,
                                    Transport.IO_URING_MULTISHOT_POLL_PROPERTY);
                }
                yield IoUringIoHandler.newFactory(new IoUringIoHandlerConfig().setCqSize(IO_URING_COMPLETION_QUEUE));
            }
            case NIO -> NioIoHandler.newFactory();
        };
        Thread[] started = new Thread[1];
        ThreadFactory threads = runnable -> {
            Thread t = new FastThreadLocalThread(runnable, name);
            t.setDaemon(true); // a forgotten close() must not keep the JVM alive
            started[0] = t;
            return t;
        };
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, threads, io);
        EventLoop eventLoop = group.next();
        Thread thread;
        try {
            // Netty starts the thread lazily: start it now, so that thread() and inLoop() are right at once.
            thread = eventLoop.submit(Thread::currentThread).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting loop '" + name + "'", e);
        } catch (ExecutionException | TimeoutException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException("loop '" + name + "' did not start", e);
        }
        return new NettyLoop(chosen, group, eventLoop, thread);
    }

    /** Returns the transport the loop runs on. */
    public Transport transport() {
        return transport;
    }

    /** Returns the one event loop: register channels with it. */
    public EventLoop eventLoop() {
        return eventLoop;
    }

    /** Returns the loop's thread. */
    public Thread thread() {
        return thread;
    }

    /** Returns the TCP channel type that matches the loop's transport. */
    public Class<? extends SocketChannel> socketChannelType() {
        return switch (transport) {
            case EPOLL -> EpollSocketChannel.class;
            case IO_URING -> IoUringSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }

    /**
     * Returns a factory of the loop's TCP channels that calls their constructor directly, where
     * Netty's {@code ReflectiveChannelFactory} goes through {@code Constructor.newInstance} (in a
     * fresh JVM, a native accessor for the first calls, then one the JDK generates).
     */
    public ChannelFactory<? extends SocketChannel> socketChannels() {
        return switch (transport) {
            case EPOLL -> EpollSocketChannel::new;
            case IO_URING -> IoUringSocketChannel::new;
            case NIO -> NioSocketChannel::new;
        };
    }

    /** Returns the UDP channel type that matches the loop's transport (for DNS). */
    public Class<? extends DatagramChannel> datagramChannelType() {
        return switch (transport) {
            case EPOLL -> EpollDatagramChannel.class;
            case IO_URING -> IoUringDatagramChannel.class;
            case NIO -> NioDatagramChannel.class;
        };
    }

    /** Returns how many tasks wait in the loop's queue, or -1 where Netty does not say. */
    public int pendingTasks() {
        return eventLoop instanceof SingleThreadEventExecutor executor ? executor.pendingTasks() : -1;
    }

    /** Starts a graceful shutdown: queued tasks run, then the thread ends. */
    public void shutdown() {
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    /** Waits up to {@code timeout} for the thread to end; returns whether it did. */
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        if (!group.terminationFuture().awaitUninterruptibly(timeout, unit)) {
            return false;
        }
        // Netty completes the termination future just before the thread returns: wait for that too.
        boolean interrupted = false;
        try {
            while (thread.isAlive()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                try {
                    thread.join(left);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
