package dev.fanout.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fanout.loop.internal.NettyLoop;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A loop owns one thread and its transport: loops are independent, loop-only calls say where they were made. */
class LoopTest {

    @Test
    void twoLoopsRunOnTwoThreadsAndOneBlockedLoopDoesNotStopTheOther() throws Exception {
        Loop second = Loop.start("second-loop");
        try (Loop first = Loop.start("first-loop")) {
            CountDownLatch release = new CountDownLatch(1);
            first.execute(() -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            assertThat(second.submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS))
                    .isEqualTo("second-loop");
            assertThat(first.thread()).isNotSameAs(second.thread());
            release.countDown();
            second.close();
            assertThat(first.submit(() -> "first still runs").get(10, TimeUnit.SECONDS))
                    .isEqualTo("first still runs");
        } finally {
            second.close();
        }
    }

    @Test
    void checkNotInLoopThrowsOnlyOnTheLoopThreadAndNamesTheOperation() throws Exception {
        try (Loop loop = Loop.start("check-loop")) {
            loop.checkNotInLoop("fetchAll"); // from the test thread: fine

            Throwable thrown = loop.submit(() -> {
                        try {
                            loop.checkNotInLoop("fetchAll");
                            return null;
                        } catch (IllegalStateException e) {
                            return e;
                        }
                    })
                    .get(10, TimeUnit.SECONDS);

            assertThat(thrown)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("fetchAll called on the loop thread 'check-loop' would deadlock");
        }
    }

    @Test
    void runNowRefusesToRunOffTheLoopThread() {
        try (Loop loop = Loop.start("run-now-loop")) {
            assertThatThrownBy(() -> loop.runNow("callback", () -> {}))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("must be called on the loop thread 'run-now-loop'");
        }
    }

    @Test
    void nioCanBeForcedAndTheChannelTypesMatchIt() {
        try (Loop loop =
                Loop.builder().name("nio-loop").transport(Transport.NIO).start()) {
            assertThat(loop.transport()).isEqualTo(Transport.NIO);
            assertThat(loop.netty().socketChannelType()).isEqualTo(NioSocketChannel.class);
            assertThat(loop.netty().eventLoop().inEventLoop(loop.thread())).isTrue();
        }
    }

    @Test
    void ioUringCanBeAskedForWhereTheKernelAllowsItAndItsChannelsCarryBytes() throws Exception {
        assumeTrue(IoUring.isAvailable(), () -> "io_uring does not load here: " + IoUring.unavailabilityCause());
        try (Loop loop = Loop.builder()
                        .name("io-uring-loop")
                        .transport(Transport.IO_URING)
                        .start();
                ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThat(loop.transport()).isEqualTo(Transport.IO_URING);
            assertThat(loop.netty().socketChannelType()).isEqualTo(IoUringSocketChannel.class);
            assertThat(loop.netty().datagramChannelType()).isEqualTo(IoUringDatagramChannel.class);
            CountDownLatch timer = new CountDownLatch(1);
            loop.schedule(timer::countDown, Duration.ofMillis(20));
            assertThat(timer.await(5, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<String> echoed = new CompletableFuture<>();
            Channel channel = new Bootstrap()
                    .group(loop.netty().eventLoop())
                    .channel(loop.netty().socketChannelType())
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ByteBuf in = (ByteBuf) msg;
                            echoed.complete(in.toString(StandardCharsets.US_ASCII));
                            in.release();
                        }
                    })
                    .connect(server.getLocalSocketAddress())
                    .sync()
                    .channel();
            try (Socket accepted = server.accept()) {
                channel.writeAndFlush(Unpooled.copiedBuffer("ping", StandardCharsets.US_ASCII));
                byte[] got = accepted.getInputStream().readNBytes(4);
                accepted.getOutputStream().write(got);
                assertThat(echoed.get(5, TimeUnit.SECONDS)).isEqualTo("ping");
            } finally {
                channel.close().sync();
            }
        }
    }

    @Test
    void theNettyPartsAreReachedThroughTheLoopAndNoHookCanBeInstalled() {
        // NettyLoop knows nothing of Loop: no method takes or returns one, and its only static
        // entry point starts a new event loop, so no caller can swap in how loops are reached.
        List<String> statics = Arrays.stream(NettyLoop.class.getMethods())
                .filter(m -> Modifier.isStatic(m.getModifiers()))
                .map(Method::getName)
                .toList();
        assertThat(statics).containsExactly("start");
        assertThat(Arrays.stream(NettyLoop.class.getDeclaredMethods())
                        .flatMap(
                                m -> Stream.concat(Stream.of(m.getReturnType()), Arrays.stream(m.getParameterTypes()))))
                .doesNotContain(Loop.class);
        try (Loop loop = Loop.start("netty-parts-loop")) {
            assertThat(loop.netty()).isSameAs(loop.netty());
            assertThat(loop.netty().thread()).isSameAs(loop.thread());
        }
    }

    @Test
    void eachTransportsChannelFactoryMakesItsChannelType() throws Exception {
        List<Transport> here = new ArrayList<>(List.of(Transport.NIO));
        if (Epoll.isAvailable()) {
            here.add(Transport.EPOLL);
        }
        if (IoUring.isAvailable()) {
            here.add(Transport.IO_URING);
        }
        for (Transport transport : here) {
            try (Loop loop = Loop.builder()
                    .name("factory-" + transport + "-loop")
                    .transport(transport)
                    .start()) {
                Channel made = loop.netty().socketChannels().newChannel();
                assertThat(made).isExactlyInstanceOf(loop.netty().socketChannelType());
                loop.netty().eventLoop().register(made).sync();
                made.close().sync();
            }
        }
    }

    @Test
    void ioUringIsTheDefaultWhereItLoadsThenEpoll() {
        String named = System.clearProperty(Transport.PROPERTY); // a run may name one
        try (Loop loop = Loop.start("default-transport-loop")) {
            assertThat(loop.transport())
                    .isEqualTo(
                            IoUring.isAvailable() && !IoUring.isPollAddMultishotEnabled()
                                    ? Transport.IO_URING
                                    : Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO);
        } finally {
            if (named != null) {
                System.setProperty(Transport.PROPERTY, named);
            }
        }
    }

    @Test
    void aSystemPropertyNamesTheDefaultTransportAndABadNameIsRefused() {
        String named = System.getProperty(Transport.PROPERTY);
        try {
            System.setProperty(Transport.PROPERTY, "nio");
            try (Loop loop = Loop.start("named-transport-loop")) {
                assertThat(loop.transport()).isEqualTo(Transport.NIO);
            }
            try (Loop loop = Loop.builder()
                    .name("builder-wins-loop")
                    .transport(Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO)
                    .start()) {
                assertThat(loop.transport()).isEqualTo(Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO);
            }
            System.setProperty(Transport.PROPERTY, "uring");
            assertThatThrownBy(() -> Loop.start("bad-transport-loop"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("fanout.transport: \"uring\" (expected: one of [epoll, nio, io_uring])");
        } finally {
            if (named == null) {
                System.clearProperty(Transport.PROPERTY);
            } else {
                System.setProperty(Transport.PROPERTY, named);
            }
        }
    }

    @Test
    void theBuilderNamesWhatWasWrong() {
        assertThatThrownBy(() -> Loop.builder().start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("name: not set (expected: a thread name)");
        assertThatThrownBy(() -> Loop.start(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name: \" \" (expected: not blank)");
        assertThatThrownBy(() -> Loop.builder().slowTaskThreshold(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slowTaskThreshold: PT-0.001S (expected: >= 0)");
    }

    @Test
    void statsCountPendingTasks() throws Exception {
        try (Loop loop = Loop.start("pending-loop")) {
            CountDownLatch hold = new CountDownLatch(1);
            loop.execute(() -> {
                try {
                    hold.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            for (int i = 0; i < 10; i++) {
                loop.execute(() -> {});
            }

            assertThat(loop.stats().pendingTasks()).isGreaterThanOrEqualTo(10);
            hold.countDown();
            loop.submit(() -> null).get(10, TimeUnit.SECONDS);
            assertThat(loop.stats().pendingTasks()).isZero();
        }
    }
}
