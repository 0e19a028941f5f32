package dev.fanout.client.internal;

import dev.fanout.loop.Cancellable;

/**
 * A {@link CallContext} that passes everything to the call's own: a step that shows its inner
 * steps a changed view of the call (its sends counted, its phases recorded apart) extends it
 * and overrides only what it changes. Loop-confined.
 */
abstract class ForwardingCallContext implements CallContext {

    /** The context everything goes to. */
    final CallContext call;

    ForwardingCallContext(CallContext call) {
        this.call = call;
    }

    @Override
    public TimingsRecorder timings() {
        return call.timings();
    }

    @Override
    public void sending() {
        call.sending();
    }

    @Override
    public void hedging() {
        call.hedging();
    }

    @Override
    public boolean maySendAgain() {
        return call.maySendAgain();
    }

    @Override
    public void readmit(ExchangeSpec next, Runnable whenAdmitted) {
        call.readmit(next, whenAdmitted);
    }

    @Override
    public void retryAfter(long delayNanos, Runnable whenAdmitted) {
        call.retryAfter(delayNanos, whenAdmitted);
    }

    @Override
    public BatchLatencies batchLatencies() {
        return call.batchLatencies();
    }

    @Override
    public Cancellable schedule(String label, Runnable task, long delayNanos) {
        return call.schedule(label, task, delayNanos);
    }
}
