package dev.fanout.client.internal;

import dev.fanout.loop.ManualClock;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link CallContext} for a step under test, without a call or a loop: it counts sends, records
 * each readmission (a redirect's next hop) and runs its continuation when the test
 * {@link #admit admits} it, or at once when made with {@link #admittingAtOnce}.
 *
 * <p>Confined to one thread, like the call it stands for.
 */
final class FakeCallContext implements CallContext {

    private final TimingsRecorder timings = new TimingsRecorder(new ManualClock());
    private final boolean atOnce;
    private final List<ExchangeSpec> readmitted = new ArrayList<>();
    private Runnable whenAdmitted;
    private int sends;

    private FakeCallContext(boolean atOnce) {
        this.atOnce = atOnce;
    }

    /** Returns a context whose readmissions wait until the test {@link #admit admits} them. */
    static FakeCallContext waitingForSlots() {
        return new FakeCallContext(false);
    }

    /** Returns a context that grants each readmission a slot before {@code readmit} returns. */
    static FakeCallContext admittingAtOnce() {
        return new FakeCallContext(true);
    }

    @Override
    public TimingsRecorder timings() {
        return timings;
    }

    @Override
    public void sending() {
        sends++;
    }

    @Override
    public void readmit(ExchangeSpec next, Runnable then) {
        if (whenAdmitted != null) {
            throw new IllegalStateException("readmitted again before the last readmission was admitted");
        }
        readmitted.add(next);
        whenAdmitted = then;
        if (atOnce) {
            admit();
        }
    }

    /** Grants the waiting readmission its slot: its continuation runs. */
    void admit() {
        if (whenAdmitted == null) {
            throw new IllegalStateException("nothing waits for a slot");
        }
        Runnable then = whenAdmitted;
        whenAdmitted = null;
        then.run();
    }

    /** Returns true while a readmission waits for a slot. */
    boolean isWaiting() {
        return whenAdmitted != null;
    }

    /** Returns the next hops readmitted so far, first first. */
    List<ExchangeSpec> readmitted() {
        return readmitted;
    }

    /** Returns how many sends were counted. */
    int sends() {
        return sends;
    }
}
