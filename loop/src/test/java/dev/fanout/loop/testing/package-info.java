/**
 * Test support shared by every module's tests, in fanout-loop's test jar (a {@code test-jar}
 * dependency of test scope): {@link dev.fanout.loop.testing.LeakDetectionExtension} (registered
 * for every test through the ServiceLoader), {@link dev.fanout.loop.testing.LogCapture} (what a
 * logger logs, optionally kept out of the build's output), {@link dev.fanout.loop.testing.Await}
 * (bounded polls and latch waits that fail with a message), {@link dev.fanout.loop.testing.LiveThreads},
 * {@link dev.fanout.loop.testing.OpenFiles} and {@link dev.fanout.loop.testing.TcpQueues} (what a
 * test left running or open, and what the kernel says was received and read).
 *
 * <p>Thread-safety: every helper may be called from any thread; a {@code LogCapture} receives
 * events from any thread.
 */
package dev.fanout.loop.testing;
