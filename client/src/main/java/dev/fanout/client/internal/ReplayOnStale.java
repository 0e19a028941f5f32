package dev.fanout.client.internal;

/**
 * Sends an idempotent request (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) once more, on a fresh
 * connection, when it failed on a reused connection before any response byte arrived: the
 * server closed that connection just as it was taken from the pool, so the request never
 * reached it. A request of any method is sent once more when the server said it did not
 * process it (HTTP/2: a GOAWAY below its stream's id, or REFUSED_STREAM). Other failures are
 * never replayed, and nothing is replayed twice.
 *
 * <p>Loop-confined.
 */
final class ReplayOnStale implements Step {

    private final Step inner;

    /** Wraps {@code inner}, the step that sends the request. */
    ReplayOnStale(Step inner) {
        this.inner = inner;
    }

    @Override
    public Run start(CallContext call, ExchangeSpec spec, boolean freshConnection, Outcome outcome) {
        Replaying run = new Replaying(call, spec, outcome);
        Run first = inner.start(call, spec, freshConnection, run);
        if (!run.replayed) { // else it failed stale before start returned: the replay is the one under way
            run.current = first;
        }
        return run;
    }

    /** One request, replayed at most once. */
    private final class Replaying implements Run, Outcome {
        private final CallContext call;
        private final ExchangeSpec spec;
        private final Outcome outcome;
        private Run current;
        private boolean replayed;

        Replaying(CallContext call, ExchangeSpec spec, Outcome outcome) {
            this.call = call;
            this.spec = spec;
            this.outcome = outcome;
        }

        @Override
        public void response(ResponseData response) {
            outcome.response(response);
        }

        @Override
        public void failure(Failure failure) {
            if (!replayed
                    && (failure.unprocessed() || failure.staleConnection() && spec.idempotent())
                    && call.maySendAgain()) {
                replayed = true;
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
