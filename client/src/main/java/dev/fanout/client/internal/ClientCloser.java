package dev.fanout.client.internal;

import dev.fanout.client.FanoutClient;
import dev.fanout.loop.Loop;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.LoggerFactory;

/**
 * The closing of a {@link FanoutClient}: hands the end of its work to the loop and waits for it
 * a bounded time, so that a loop held by a task that blocks cannot hold the closing thread too.
 *
 * <p>Thread-safe: {@link #close} runs once per client (the client's closed flag sees to that),
 * on any thread; what it hands over runs on the loop.
 */
public final class ClientCloser {

    private final FanoutClient client;
    private final Loop loop;
    private final boolean ownsLoop;
    private final Engine engine;
    private final Duration handoff;

    /** Creates the closer of {@code client}, whose {@code engine} runs on {@code loop}; {@code ownsLoop} when the client made it. */
    public ClientCloser(FanoutClient client, Loop loop, boolean ownsLoop, Engine engine, Duration handoff) {
        this.client = client;
        this.loop = loop;
        this.ownsLoop = ownsLoop;
        this.engine = engine;
        this.handoff = handoff;
    }

    /**
     * Ends the client's work: on the loop thread, hands it over and returns at once; elsewhere
     * waits for it (and for an owned loop's thread to end) at most {@code handoff}, then warns
     * and returns.
     */
    public void close() {
        if (loop.inLoop()) {
            shutdownOnLoop(null);
            return;
        }
        CountDownLatch shutDown = new CountDownLatch(1);
        try {
            loop.execute("fanout: close client", () -> shutdownOnLoop(shutDown));
        } catch (RejectedExecutionException loopClosed) {
            return; // a shared loop closed by its owner took every connection with it
        }
        if (!Waiting.await(shutDown, handoff)) {
            LoggerFactory.getLogger(FanoutClient.class)
                    .warn(
                            "close() of {}: the loop did not end the client's work"
                                    + " within {} ms: {}. Returning without waiting; when the loop is free, the {} requests still"
                                    + " open end CANCELLED, the {} idle connections close{}.",
                            client,
                            handoff.toMillis(),
                            Waiting.whatHolds(loop),
                            engine.openRequests(),
                            engine.connections().idle(),
                            ownsLoop ? " and the loop's thread ends" : "");
            return;
        }
        if (ownsLoop) {
            loop.close(); // waits for the thread to end
        }
    }

    /**
     * Ends the client's work on the loop, in loop tasks of a bounded size; then an owned loop
     * ends after its last tasks, and {@code done}, if not null, is counted down.
     */
    private void shutdownOnLoop(CountDownLatch done) {
        engine.shutdown(() -> {
            if (ownsLoop) {
                loop.close(); // on the loop thread: returns at once
            }
            if (done != null) {
                done.countDown();
            }
        });
    }
}
