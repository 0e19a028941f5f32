package dev.fanout.client.internal;

import dev.fanout.client.EventListener;
import dev.fanout.client.Request;
import dev.fanout.client.Result;

/**
 * The {@link EventListener}s of one batch's requests: made by the client's factory as each
 * request is admitted, told {@code callStart} then, and {@code callEnd} with its result. With no
 * factory, every request has {@link EventListener#NONE} and nothing is kept.
 *
 * <p>Loop-confined, like its batch (or the caller's, when the loop is gone and the batch's
 * requests are rejected there).
 */
final class BatchEvents {

    private final EventListener.Factory factory;
    private final EventListener[] made;

    /** Creates the listeners' holder for a batch of {@code size} requests; {@code factory} may be null. */
    BatchEvents(EventListener.Factory factory, int size) {
        this.factory = factory;
        this.made = factory != null ? new EventListener[size] : null;
    }

    /** Makes request {@code i}'s listener, tells it the request started, and returns it. */
    EventListener start(int i, Request request) {
        if (made == null) {
            return EventListener.NONE;
        }
        EventListener listener = GuardedListener.of(factory, request);
        made[i] = listener;
        listener.callStart(request);
        return listener;
    }

    /** Tells request {@code i}'s listener it ended with {@code result} (started first if it was not). */
    void end(int i, Result result) {
        if (made == null) {
            return;
        }
        EventListener listener = made[i] != null ? made[i] : start(i, result.request());
        made[i] = null; // told once: the listener may go
        listener.callEnd(result);
    }
}
