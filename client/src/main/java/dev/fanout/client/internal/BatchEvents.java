package dev.fanout.client.internal;

import dev.fanout.client.EventListener;
import dev.fanout.client.Request;
import dev.fanout.client.Result;
import java.util.List;

/**
 * The {@link EventListener}s of one batch's requests: made by the client's factory when the
 * batch is made, on the thread that starts it (so that a factory may read that thread's context:
 * a trace, an MDC), told {@code callStart} as each request is admitted, and {@code callEnd} with
 * its result. With no factory, every request has {@link EventListener#NONE} and nothing is kept.
 *
 * <p>Made on the caller's thread, then loop-confined, like its batch (or the caller's, when the
 * loop is gone and the batch's requests are rejected there).
 */
final class BatchEvents {

    private final EventListener[] made;
    private final boolean[] started;

    /** Makes the listener of each of {@code requests} with {@code factory}, which may be null. */
    BatchEvents(EventListener.Factory factory, List<Request> requests) {
        if (factory == null) {
            made = null;
            started = null;
            return;
        }
        made = new EventListener[requests.size()];
        started = new boolean[made.length];
        for (int i = 0; i < made.length; i++) {
            made[i] = GuardedListener.of(factory, requests.get(i));
        }
    }

    /** Tells request {@code i}'s listener the request started, and returns it. */
    EventListener start(int i, Request request) {
        if (made == null) {
            return EventListener.NONE;
        }
        started[i] = true;
        made[i].callStart(request);
        return made[i];
    }

    /** Tells request {@code i}'s listener it ended with {@code result} (started first if it was not). */
    void end(int i, Result result) {
        if (made == null) {
            return;
        }
        EventListener listener = started[i] ? made[i] : start(i, result.request());
        made[i] = EventListener.NONE; // told once: the listener may go
        listener.callEnd(result);
    }
}
