package dev.fanout.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.loop.internal.NettyLoop;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
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
    void epollIsTheDefaultWhereItLoads() {
        try (Loop loop = Loop.start("default-transport-loop")) {
            assertThat(loop.transport()).isEqualTo(Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO);
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
