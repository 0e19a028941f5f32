package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.client.ErrorKind;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connect budget of one setup: its timer ends with the setup, however the setup ends. */
class SetupDeadlineTest {

    private static final Route ROUTE = Route.direct(new Origin("https", "a.example", 443));
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 443);

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoop eventLoop = group.next();
    private final List<String> told = new ArrayList<>();

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void anAbortedSetupCancelsItsTimerAndTellsNothing() throws Exception {
        PendingConnect attempt = new PendingConnect(ROUTE, recorder());
        SetupDeadline deadline = onLoop(() -> new SetupDeadline(recorder(), attempt, ROUTE, PEER, eventLoop, 60_000));
        assertThat(onLoop(deadline::armed)).isTrue();

        onLoop(() -> {
            attempt.abort();
            return null;
        });

        assertThat(onLoop(deadline::armed)).as("the timer of an aborted setup").isFalse();
        assertThat(told).isEmpty();
    }

    @Test
    void aSetupThatEndsCancelsItsTimer() throws Exception {
        PendingConnect attempt = new PendingConnect(ROUTE, recorder());
        SetupDeadline deadline = onLoop(() -> new SetupDeadline(recorder(), attempt, ROUTE, PEER, eventLoop, 60_000));

        onLoop(() -> {
            deadline.connectFailed(ErrorKind.CONNECT, "refused", null);
            return null;
        });

        assertThat(onLoop(deadline::armed)).isFalse();
        assertThat(told).containsExactly("failed CONNECT refused");
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return eventLoop.submit(task).get();
    }

    private Connector.Callback recorder() {
        return new Connector.Callback() {
            @Override
            public TimingsRecorder timings() {
                throw new AssertionError("not asked here");
            }

            @Override
            public void connected(HttpConnection connection) {
                told.add("connected");
            }

            @Override
            public void connectFailed(ErrorKind kind, String detail, Throwable cause) {
                told.add("failed " + kind + " " + detail);
            }
        };
    }
}
