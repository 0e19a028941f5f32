package dev.fanout.client.internal;

import dev.fanout.client.ErrorKind;
import dev.fanout.client.FetchException;
import dev.fanout.client.RetryPolicy;
import dev.fanout.loop.Cancellable;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Sends a request again, after a backoff that holds no slot, when the step it wraps failed in a
 * way another try may mend, as its {@link RetryPolicy} says: the request may be retried
 * (idempotent, or opted in), attempts are left, the client's {@link RetryBudget} allows, and
 * the attempt failed {@code CONNECT}, {@code CLOSED} before any response byte, {@code TIMEOUT}
 * of its own attempt timeout, or was answered 429, 502, 503 or 504. The wait is full-jitter
 * exponential, or a 429's or 503's {@code Retry-After} when it is no longer than the policy
 * allows (a longer one makes the response the result).
 *
 * <p>Loop-confined.
 */
final class Retry implements Step {

    private static final long MILLI = 1_000_000L;

    private final Step inner;
    private final RetryPolicy policy;
    private final RetryBudget budget;
    private final LongSupplier wallMillis;

    /**
     * Wraps {@code inner} under {@code policy} and the client's {@code budget}; {@code wallMillis}
     * is the wall clock, which an HTTP-date {@code Retry-After} is read against.
     */
    Retry(Step inner, RetryPolicy policy, RetryBudget budget, LongSupplier wallMillis) {
        this.inner = inner;
        this.policy = policy;
        this.budget = budget;
        this.wallMillis = wallMillis;
    }

    @Override
    public Run start(CallContext call, ExchangeSpec spec, boolean freshConnection, Outcome outcome) {
        budget.started();
        Retrying run = new Retrying(call, spec, outcome);
        run.attempt(freshConnection);
        return run;
    }

    /** Returns true for the statuses that say "try again later". */
    static boolean retryableStatus(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }

    /**
     * Returns the wait a {@code Retry-After} value asks for, in nanoseconds (zero for a date
     * past), or -1 when it is absent or unreadable.
     */
    static long retryAfterNanos(String value, long nowMillis) {
        if (value == null) {
            return -1;
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? -1 : Durations.saturatedNanos(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant()
                        .toEpochMilli();
                return Math.max(0, at - nowMillis) * MILLI;
            } catch (DateTimeParseException notADate) {
                return -1;
            }
        }
    }

    /** One request and its retries. */
    private final class Retrying implements Run, Outcome {
        private final CallContext call;
        private final ExchangeSpec spec;
        private final Outcome outcome;
        private Run current;
        private Cancellable attemptTimer;
        private final CallContext counting;
        private int attempts;
        private int sends;
        private boolean waiting;
        private boolean over;

        Retrying(CallContext call, ExchangeSpec spec, Outcome outcome) {
            this.call = call;
            this.spec = spec;
            this.outcome = outcome;
            Counting c = new Counting(call);
            c.owner = this;
            this.counting = c;
        }

        void attempt(boolean freshConnection) {
            attempts++;
            int number = attempts;
            current = null;
            if (policy.attemptTimeout() != null) {
                attemptTimer = call.schedule(
                        "fanout: attempt timeout",
                        () -> attemptTimedOut(number),
                        Durations.saturatedNanos(policy.attemptTimeout()));
            }
            Run started = inner.start(counting, spec, freshConnection, this);
            if (!over && attempts == number && !waiting) { // else it ended before start returned
                current = started;
            }
        }

        @Override
        public void response(ResponseData response) {
            stopTimer();
            current = null;
            if (retryableStatus(response.status()) && mayRetry()) {
                long wait = backoff();
                if (response.status() == 429 || response.status() == 503) {
                    long asked = retryAfterNanos(response.header("Retry-After"), wallMillis.getAsLong());
                    if (asked > Durations.saturatedNanos(policy.maxRetryAfter())) {
                        end(() -> outcome.response(response)); // asks for longer than we wait
                        return;
                    }
                    if (asked >= 0) {
                        wait = asked;
                    }
                }
                if (budget.tryRetry()) {
                    retry(wait, Integer.toString(response.status()));
                    return;
                }
            }
            end(() -> outcome.response(response));
        }

        @Override
        public void failure(Failure failure) {
            stopTimer();
            current = null;
            if (retryableFailure(failure) && mayRetry() && budget.tryRetry()) {
                retry(backoff(), failure.error().getMessage());
                return;
            }
            end(() -> outcome.failure(failure));
        }

        private boolean retryableFailure(Failure failure) {
            ErrorKind kind = failure.error().kind();
            return kind == ErrorKind.CONNECT
                    || kind == ErrorKind.TIMEOUT
                    || kind == ErrorKind.CLOSED && failure.beforeResponse();
        }

        /** Counts sends, not this step's attempts: a replay on a stale connection went on the wire too. */
        private boolean mayRetry() {
            return Math.max(attempts, sends) < policy.maxAttempts() && spec.mayRetry();
        }

        /** Returns a full-jitter wait: uniform in [0, min(max, base × 2^(retries − 1))]. */
        private long backoff() {
            long base = Durations.saturatedNanos(policy.base());
            long max = Durations.saturatedNanos(policy.max());
            int shift = Math.min(attempts - 1, 62);
            long ceiling = base > (max >> shift) ? max : Math.min(max, base << shift);
            return ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
        }

        private void retry(long waitNanos, String reason) {
            call.timings().retrying(attempts + 1, waitNanos, reason);
            waiting = true;
            call.retryAfter(waitNanos, () -> {
                waiting = false;
                attempt(false);
            });
        }

        private void attemptTimedOut(int number) {
            attemptTimer = null;
            if (over || waiting || attempts != number || current == null) {
                return;
            }
            Run timedOut = current;
            String phase = timedOut.phase();
            current = null;
            timedOut.cancel();
            failure(new Failure(
                    new FetchException(
                            ErrorKind.TIMEOUT,
                            spec.url(),
                            "attempt " + number + " had no complete response within "
                                    + policy.attemptTimeout().toMillis() + " ms (" + phase + ")",
                            null),
                    false,
                    false,
                    false));
        }

        private void stopTimer() {
            if (attemptTimer != null) {
                attemptTimer.cancel();
                attemptTimer = null;
            }
        }

        private void end(Runnable report) {
            over = true;
            report.run();
        }

        @Override
        public void cancel() {
            over = true;
            stopTimer();
            if (current != null) {
                current.cancel();
            }
        }

        @Override
        public String phase() {
            if (waiting) {
                return "while waiting to retry, after " + attempts + " attempt" + (attempts == 1 ? "" : "s");
            }
            return current != null ? current.phase() : "before sending";
        }
    }

    /** The call as the inner steps see it, counting the sends of this request for {@link Retrying}. */
    private final class Counting extends ForwardingCallContext {
        private Retrying owner;

        Counting(CallContext call) {
            super(call);
        }

        @Override
        public void sending() {
            owner.sends++;
            call.sending();
        }

        @Override
        public boolean maySendAgain() {
            return owner.sends < policy.maxAttempts() && call.maySendAgain();
        }
    }
}
