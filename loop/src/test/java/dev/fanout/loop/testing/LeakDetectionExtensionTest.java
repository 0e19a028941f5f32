package dev.fanout.loop.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Proves that a test which leaks a buffer fails the build, and that one which does not, passes. */
class LeakDetectionExtensionTest {

    // Netty's report of the leak made on purpose stays out of the build's output.
    @RegisterExtension
    final LogCapture leakReports = LogCapture.of(ResourceLeakDetector.class).capturedOnly();

    @Test
    void aTestThatLeaksABufferFails() {
        Events events = run(LeakingTest.class);

        events.assertStatistics(stats -> stats.started(1).failed(1).succeeded(0));
        Throwable failure = events.failed()
                .list()
                .get(0)
                .getPayload(TestExecutionResult.class)
                .orElseThrow()
                .getThrowable()
                .orElseThrow();
        assertThat(failure)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("leaked buffer")
                .hasMessageContaining("leaksOnPurpose");
        assertThat(leakReports.messages()).anyMatch(m -> m.startsWith("LEAK: "));
    }

    @Test
    void aTestThatReleasesItsBuffersPasses() {
        Events events = run(ReleasingTest.class);

        events.assertStatistics(stats -> stats.started(1).succeeded(1).failed(0));
    }

    private static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .selectors(selectClass(testClass))
                .execute()
                .testEvents();
    }

    // The two classes below run only through EngineTestKit: the build skips nested classes.

    static class LeakingTest {
        @Test
        void leaksOnPurpose() {
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(64);
            buf.writeLong(42); // never released: the extension must fail this test
        }
    }

    static class ReleasingTest {
        @Test
        void releases() {
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(64);
            buf.writeLong(42);
            buf.release();
        }
    }
}
