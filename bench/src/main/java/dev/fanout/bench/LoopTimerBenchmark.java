package dev.fanout.bench;

import dev.fanout.loop.Loop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a fanout {@link Loop}'s timers cost on the system clock next to Netty's own: the same
 * batch of zero-delay no-op timers scheduled on a Loop and on a bare Netty event loop of the
 * same transport, side by side.
 *
 * <pre>
 * mvn -B -ntp -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar LoopTimerBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LoopTimerBenchmark {

    private static final int BATCH = 1_000;

    /** fanout: Loop.schedule (timed, on the loop's clock); netty: EventLoop.schedule directly. */
    @Param({"fanout", "netty"})
    public String scheduler;

    private Loop loop;
    private EventLoopGroup bare;

    @Setup(Level.Trial)
    public void start() {
        loop = Loop.start("bench-loop");
        IoHandlerFactory io = Transports.ioHandler(loop.transport());
        bare = new MultiThreadIoEventLoopGroup(1, io);
    }

    @TearDown(Level.Trial)
    public void stop() {
        loop.close();
        bare.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Schedules 1,000 zero-delay no-op timers from one thread and waits until the last has run. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void thousandTimers() throws InterruptedException {
        CountDownLatch last = new CountDownLatch(1);
        Runnable noop = () -> {};
        if (scheduler.equals("fanout")) {
            for (int i = 0; i < BATCH - 1; i++) {
                loop.schedule(noop, Duration.ZERO);
            }
            loop.schedule(last::countDown, Duration.ZERO);
        } else {
            for (int i = 0; i < BATCH - 1; i++) {
                bare.schedule(noop, 0, TimeUnit.NANOSECONDS);
            }
            bare.schedule(last::countDown, 0, TimeUnit.NANOSECONDS);
        }
        last.await();
    }
}
