package dev.fanout.client.internal;

/**
 * Sends an idempotent request (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) once more, on a fresh
 * connection, when it failed on a reused connection before any response byte arrived: the
 * server closed that connection just as it was taken from the pool, so the request never
 * reached it; that is done once. A request of any method is sent again when the server said
 * it did not process it (HTTP/2: a GOAWAY below its stream's id, or REFUSED_STREAM), up to
 * {@link #MAX_REFUSED} times: a server that takes only a few streams per connection may refuse
 * a large batch's requests again on the next one, and a request it never processed is always
 * safe to send. Other failures are never replayed.
 *
 * <p>Loop-confined.
 */
final class ReplayOnStale implements Step {

    /** How many times a request the server refused unprocessed is sent again, at most. */
    static final int MAX_REFUSED = 8;

    private final Step inner;

    /** Wraps {@code inner}, the step that sends the request. */
    ReplayOnStale(Step inner) {
        this.inner = inner;
    }

    @Override
    public Run start(CallContext call, ExchangeSpec spec, boolean freshConnection, Outcome outcome) {
        Replaying run = new Replaying(call, spec, outcome);
        Run first = inner.start(call, spec, freshConnection, run);
        if (!run.replayed()) { // else it failed before start returned: the replay is the one under way
            run.current = first;
        }
        return run;
    }

    /** One request, replayed at most once when stale, a few times when refused. */
    private final class Replaying implements Run, Outcome {
        private final CallContext call;
        private final ExchangeSpec spec;
        private final Outcome outcome;
        private Run current;
        private boolean staleReplayed;
        private int refusals;

        Replaying(CallContext call, ExchangeSpec spec, Outcome outcome) {
            this.call = call;
            this.spec = spec;
            this.outcome = outcome;
        }

        boolean replayed() {
            return staleReplayed || refusals > 0;
        }

        @Override
        public void response(ResponseData response) {
            outcome.response(response);
        }

        @Override
        public void failure(Failure failure) {
            boolean again = failure.unprocessed()
                    ? refusals < MAX_REFUSED
                    : failure.staleConnection() && spec.idempotent() && !staleReplayed && refusals == 0;
            if (again && call.maySendAgain()) {
                if (failure.unprocessed()) {
                    refusals++;
                } else {
                    staleReplayed = true;
                }
                call.timings().replaying(failure.unprocessed() ? "refused" : "stale");
                current = inner.start(call, spec, true, this);
                return;
            }
            outcome.failure(failure);
        }

        @Override
        public void cancel() {
            current.cancel();
        }

        @Override
        public String phase() {
            return current.phase();
        }
    }
}
