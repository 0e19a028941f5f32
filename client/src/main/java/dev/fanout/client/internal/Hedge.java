package dev.fanout.client.internal;

import dev.fanout.loop.Cancellable;

/**
 * Hedges an idempotent request ("The Tail at Scale", Dean and Barroso, 2013): when the step it
 * wraps has no answer after the client's {@code hedgeAfter}, or after the latency its batch's
 * requests answered within at the client's {@code hedgeAtPercentile} ({@link BatchLatencies}),
 * a second copy goes out beside the first, and the first response of the two is the outcome; the other copy is cancelled (its
 * HTTP/1.1 connection closed, its HTTP/2 stream reset). A copy that fails leaves the race to
 * the other; when both fail, the last failure is the outcome. Hedges are bounded by the
 * client's {@link RetryBudget} for them (5% extra requests plus one a second, by default), and
 * counted ({@link CallContext#hedging()}). The copy records its phases apart; when it wins,
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

    /** Wraps {@code inner}, sending a second copy after {@code delayNanos} without an answer, within {@code budget}. */
    Hedge(Step inner, long delayNanos, RetryBudget budget) {
        this(inner, delayNanos, false, budget);
    }

    @Override
    public Run start(CallContext call, ExchangeSpec spec, boolean freshConnection, Outcome outcome) {
        budget.started();
        Racing race = new Racing(call, spec, outcome);
        Racing.Copy first = race.new Copy(call);
        race.first = first;
        first.run = inner.start(call, spec, freshConnection, first);
        if (race.over || !spec.idempotent()) {
            return race;
        }
        BatchLatencies batch = atPercentile ? call.batchLatencies() : null;
        if (batch != null) {
            batch.started();
            race.batch = batch;
            race.startedAt = call.timings().now();
        }
        if (delayNanos >= 0 && (batch == null || batch.delay() < 0)) {
            race.timer = call.schedule("fanout: hedge", race::hedge, delayNanos); // until it is known
        }
        if (batch != null) {
            batch.whenKnown(race::delayKnown); // at once when it is known
        }
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
        private long startedAt;

        Racing(CallContext call, ExchangeSpec spec, Outcome outcome) {
            this.call = call;
            this.spec = spec;
            this.outcome = outcome;
        }

        /**
         * The batch's hedging delay is known: hedge now if this request has waited that long,
         * else then, or at the fixed delay's timer if that comes first.
         */
        private void delayKnown(long delay) {
            if (over || second != null) {
                return;
            }
            long now = call.timings().now();
            long waited = now - startedAt;
            if (timer != null && startedAt + delayNanos - now <= delay - waited) {
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
            call.hedging();
            Copy copy = new Copy(new Forked(call));
            second = copy;
            copy.run = inner.start(copy.context, spec, false, copy);
        }

        private void won(Copy winner, ResponseData response) {
            end(winner);
            if (batch != null) {
                batch.answered(call.timings().now() - startedAt);
            }
            if (winner.context != call) {
                call.timings().takeAttemptOf(winner.context.timings());
            }
            outcome.response(response);
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

    /** The call as a hedged copy sees it: its phases go to a recorder of its own. */
    private static final class Forked extends ForwardingCallContext {
        private final TimingsRecorder timings;

        Forked(CallContext call) {
            super(call);
            this.timings = call.timings().fork();
        }

        @Override
        public TimingsRecorder timings() {
            return timings;
        }
    }
}
