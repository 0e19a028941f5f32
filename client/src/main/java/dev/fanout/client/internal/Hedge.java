package dev.fanout.client.internal;

import dev.fanout.loop.Cancellable;

/**
 * Hedges an idempotent request ("The Tail at Scale", Dean and Barroso, 2013): when the step it
 * wraps has no answer the client's {@code hedgeAfter} after its request was written, or the
 * latency its batch's requests answered within at the client's {@code hedgeAtPercentile}
 * ({@link BatchLatencies}), a second copy goes out beside the first, and the first response of
 * the two is the outcome; the other copy is cancelled (its HTTP/1.1 connection closed, its
 * HTTP/2 stream reset). A copy that fails leaves the race to the other; when both fail, the
 * last failure is the outcome. Hedges are bounded by the client's {@link RetryBudget} for them
 * (5% extra requests plus one a second, by default), and counted once the copy's request is
 * written ({@link CallContext#hedging()}). The copy records its phases apart; when it wins,
 * the call's timings show its attempt.
 *
 * <p>Loop-confined.
 */
final class Hedge implements Step {

    private final Step inner;
    private final long delayNanos;
    private final boolean atPercentile;
    private final RetryBudget budget;

    /**
     * Wraps {@code inner}, sending a second copy after {@code delayNanos} without an answer (-1:
     * no fixed delay), or {@code atPercentile} after the delay of the call's batch once that is
     * known, within {@code budget}.
     */
    Hedge(Step inner, long delayNanos, boolean atPercentile, RetryBudget budget) {
        this.inner = inner;
        this.delayNanos = delayNanos;
        this.atPercentile = atPercentile;
        this.budget = budget;
    }

    @Override
    public Run start(CallContext call, ExchangeSpec spec, boolean freshConnection, Outcome outcome) {
        budget.started();
        Racing race = new Racing(call, spec, outcome);
        if (!spec.idempotent()) {
            Racing.Copy only = race.new Copy(call);
            race.first = only;
            only.run = inner.start(call, spec, freshConnection, only);
            return race;
        }
        race.batch = atPercentile ? call.batchLatencies() : null;
        if (race.batch != null) {
            race.batch.started();
        }
        // The delay runs from the request's write, not from its start: a request still
        // connecting (a TLS handshake on a busy machine) is not late, only slow to begin.
        Racing.Copy first = race.new Copy(new Watched(call, race::firstWritten));
        race.first = first;
        first.run = inner.start(first.context, spec, freshConnection, first);
        return race;
    }

    /** One request and, once it is late, a copy racing it. */
    private final class Racing implements Run {
        private final CallContext call;
        private final ExchangeSpec spec;
        private final Outcome outcome;
        private Copy first;
        private Copy second;
        private Cancellable timer;
        private boolean over;
        private BatchLatencies batch;
        private long writtenAt = -1;

        Racing(CallContext call, ExchangeSpec spec, Outcome outcome) {
            this.call = call;
            this.spec = spec;
            this.outcome = outcome;
        }

        /** The first copy's request went on the wire: the hedging delay runs from now. */
        private void firstWritten() {
            if (over || writtenAt >= 0) {
                return; // a replay of it on a fresh connection: still the same wait
            }
            writtenAt = call.timings().now();
            if (batch != null && batch.delay() >= 0) {
                // Known already; a timer, never a copy started in the middle of this write.
                timer = call.schedule("fanout: hedge", this::hedge, Math.max(1, Math.min(batch.delay(), fixed())));
                return;
            }
            if (delayNanos >= 0) {
                timer = call.schedule("fanout: hedge", this::hedge, delayNanos); // until it is known
            }
            if (batch != null) {
                batch.whenKnown(this::delayKnown);
            }
        }

        private long fixed() {
            return delayNanos >= 0 ? delayNanos : Long.MAX_VALUE;
        }

        /**
         * The batch's hedging delay has just become known (another request of the batch
         * answered): hedge now if this request has waited that long, else then, or at the fixed
         * delay's timer if that comes first.
         */
        private void delayKnown(long delay) {
            if (over || second != null) {
                return;
            }
            long now = call.timings().now();
            long waited = now - writtenAt;
            if (timer != null && writtenAt + delayNanos - now <= delay - waited) {
                return; // the fixed delay ends sooner
            }
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
            if (waited >= delay) {
                hedge();
            } else {
                timer = call.schedule("fanout: hedge", this::hedge, delay - waited);
            }
        }

        private void hedge() {
            timer = null;
            if (over || first.ended || !budget.tryRetry()) {
                return;
            }
            Copy copy = new Copy(new Forked(call));
            second = copy;
            copy.run = inner.start(copy.context, spec, false, copy);
        }

        private void won(Copy winner, ResponseData response) {
            end(winner);
            long latency = writtenAt >= 0 ? call.timings().now() - writtenAt : -1;
            if (winner.context instanceof Forked) {
                call.timings().takeAttemptOf(winner.context.timings());
            }
            outcome.response(response);
            if (batch != null && latency >= 0) {
                batch.answered(latency); // may hedge others of the batch: after this call is done
            }
        }

        private void failed(Copy loser, Outcome.Failure failure) {
            loser.ended = true;
            Copy other = loser == first ? second : first;
            if (other != null && !other.ended) {
                return; // the race goes on
            }
            end(loser);
            outcome.failure(failure);
        }

        /** Ends the race: the timer stops and the copy still running, if any, is cancelled. */
        private void end(Copy last) {
            over = true;
            last.ended = true;
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
            for (Copy c : new Copy[] {first, second}) {
                if (c != null && !c.ended) {
                    c.ended = true;
                    if (c.run != null) {
                        c.run.cancel();
                    }
                }
            }
        }

        @Override
        public void cancel() {
            if (!over) {
                end(first);
                if (first.run != null) {
                    first.run.cancel();
                }
            }
        }

        @Override
        public String phase() {
            Copy running = !first.ended || second == null ? first : second;
            String phase = running.run != null ? running.run.phase() : "before sending";
            return second != null ? phase + ", hedged" : phase;
        }

        /** One copy of the request in the race. */
        private final class Copy implements Outcome {
            final CallContext context;
            Run run;
            boolean ended;

            Copy(CallContext context) {
                this.context = context;
            }

            @Override
            public void response(ResponseData response) {
                if (!over && !ended) {
                    won(this, response);
                }
            }

            @Override
            public void failure(Failure failure) {
                if (!over && !ended) {
                    failed(this, failure);
                }
            }
        }
    }

    /** The call as the first copy sees it: its first send is told to the race. */
    private static final class Watched extends ForwardingCallContext {
        private final Runnable firstWritten;

        Watched(CallContext call, Runnable firstWritten) {
            super(call);
            this.firstWritten = firstWritten;
        }

        @Override
        public void sending() {
            super.sending();
            firstWritten.run();
        }
    }

    /**
     * The call as a hedged copy sees it: its phases go to a recorder of its own, and it counts
     * as a hedge once its request is on the wire (a copy still connecting when the race ends
     * sent nothing, and is no hedge).
     */
    private static final class Forked extends ForwardingCallContext {
        private final TimingsRecorder timings;
        private boolean counted;

        Forked(CallContext call) {
            super(call);
            this.timings = call.timings().fork();
        }

        @Override
        public TimingsRecorder timings() {
            return timings;
        }

        @Override
        public void sending() {
            if (!counted) {
                counted = true;
                call.hedging();
            }
            super.sending();
        }
    }
}
