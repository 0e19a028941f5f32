package dev.fanout.bench;

import dev.fanout.loop.Loop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
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
 * What the Loop's task timing (slow-task detection) costs when no task is slow: the same batch
 * of no-op tasks offered to a fanout {@link Loop} and to a bare Netty event loop of the same
 * transport, side by side.
 *
 * <pre>
 * mvn -B -ntp -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar LoopTaskBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LoopTaskBenchmark {

    private static final int BATCH = 1_000;

    /** fanout: Loop.execute (timed, counted); netty: EventLoop.execute directly. */
    @Param({"fanout", "netty"})
    public String executor;

    private Loop loop;
    private EventLoopGroup bare;
    private Executor target;

    @Setup(Level.Trial)
    public void start() {
        loop = Loop.start("bench-loop");
        IoHandlerFactory io = Transports.ioHandler(loop.transport());
        bare = new MultiThreadIoEventLoopGroup(1, io);
        target = executor.equals("fanout") ? loop::execute : bare.next();
    }

    @TearDown(Level.Trial)
    public void stop() {
        loop.close();
        bare.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Offers 1,000 no-op tasks from one thread and waits until the last has run. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void thousandTasks() throws InterruptedException {
        CountDownLatch last = new CountDownLatch(1);
        Runnable noop = () -> {};
        for (int i = 0; i < BATCH - 1; i++) {
            target.execute(noop);
        }
        target.execute(last::countDown);
        last.await();
    }
}
