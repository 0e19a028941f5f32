package dev.fanout.loop.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when Netty's leak detector reports a {@code ByteBuf} that was garbage-collected
 * without being released.
 *
 * <p>Registered for every test of every module through the ServiceLoader
 * ({@code META-INF/services} in fanout-loop's test jar, with
 * {@code junit.jupiter.extensions.autodetection.enabled=true} set by the build). The build runs
 * tests with {@code -Dio.netty.leakDetection.level=paranoid}, so every buffer is tracked. After
 * each test it collects garbage and makes Netty look for leaks; a leak reported then fails the
 * test that just ran (a buffer that leaks on another thread after its test is caught by a later
 * one: the build fails either way).
 */
public final class LeakDetectionExtension implements BeforeAllCallback, AfterEachCallback {

    private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();

    static {
        ByteBufUtil.setLeakListener((resourceType, records) -> LEAKS.add(resourceType + ": " + records));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID
                && System.getProperty("fanout.leakCheck.allowLevel") == null) {
            throw new IllegalStateException("Netty leak detection is " + ResourceLeakDetector.getLevel()
                    + " (expected: PARANOID; run tests with -Dio.netty.leakDetection.level=paranoid)");
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> leaks = collectLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError("Netty reported " + leaks.size() + " leaked buffer(s) during or before "
                    + context.getDisplayName() + ":\n" + String.join("\n\n", leaks));
        }
    }

    /**
     * Collects garbage and waits until the JVM has enqueued what it found unreachable, which a
     * weak reference to a fresh object, enqueued in the same pass, tells.
     */
    private static void awaitGarbageCollection() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
        System.gc();
        try {
            if (queue.remove(1_000) != null) {
                Thread.sleep(1); // let the reference handler finish the rest of the same batch
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sentinel.clear();
    }

    /**
     * Collects garbage, makes Netty's leak detector poll its queue, and returns (and forgets)
     * every leak reported since the last call.
     */
    public static List<String> collectLeaks() {
        for (int round = 0; round < 2; round++) {
            awaitGarbageCollection();
            // Netty checks for collected, unreleased buffers whenever it tracks a new one (pooled
            // allocations are tracked; Unpooled heap buffers are not).
            ByteBuf probe = PooledByteBufAllocator.DEFAULT.heapBuffer(1);
            probe.release();
        }
        List<String> leaks = new ArrayList<>();
        for (String leak; (leak = LEAKS.poll()) != null; ) {
            leaks.add(leak);
        }
        return leaks;
    }
}
