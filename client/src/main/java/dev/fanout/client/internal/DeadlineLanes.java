package dev.fanout.client.internal;

import dev.fanout.loop.Loop;
import java.util.HashMap;
import java.util.Map;

/**
 * A loop's {@link DeadlineLane}s, one for each delay in use: a client's requests mostly share
 * its one request timeout, so they mostly share one lane. Lanes left empty are dropped once
 * there are many, so that requests each given a timeout of their own keep no more lanes than
 * they have timers waiting.
 *
 * <p>Loop-confined.
 */
final class DeadlineLanes {

    /** How many lanes may be kept before the empty ones are dropped. */
    private static final int FEW = 16;

    private final Loop loop;
    private final String label;
    private final Map<Long, DeadlineLane> lanes = new HashMap<>();
    private DeadlineLane recent; // the last one asked for: the common case, with no lookup
    private int sweepAt = FEW;

    /** Creates the lanes of {@code loop}; their timers are named {@code label} in slow-task warnings. */
    DeadlineLanes(Loop loop, String label) {
        this.loop = loop;
        this.label = label;
    }

    /** Returns the lane of {@code delayNanos} (at least 0), made on first use. */
    DeadlineLane of(long delayNanos) {
        DeadlineLane lane = recent;
        if (lane != null && lane.delayNanos() == delayNanos) {
            return lane;
        }
        lane = lanes.get(delayNanos);
        if (lane == null) {
            if (lanes.size() >= sweepAt) {
                lanes.values().removeIf(l -> l.size() == 0);
                sweepAt = Math.max(FEW, 2 * lanes.size());
            }
            lane = new DeadlineLane(loop, label, delayNanos);
            lanes.put(delayNanos, lane);
        }
        recent = lane;
        return lane;
    }

    /** Returns how many lanes are kept. */
    int count() {
        return lanes.size();
    }
}
