package dev.fanout.client.internal;

import dev.fanout.client.ErrorKind;
import dev.fanout.client.FetchException;

/**
 * Follows redirects: when the step it wraps answers with a redirect to follow
 * ({@link Redirects#next}), the call waits for a slot to the next hop's origin and the step
 * runs again for the next request. More hops than {@code maxRedirects} end the call as
 * {@code TOO_MANY_REDIRECTS}; a redirect that is not followed is the response itself.
 *
 * <p>Loop-confined.
 */
final class FollowRedirects implements Step {

    private final Step inner;
    private final ClientConfig config;

    /** Wraps {@code inner}, the step that gets one hop's response, under {@code config}'s redirect rules. */
    FollowRedirects(Step inner, ClientConfig config) {
        this.inner = inner;
        this.config = config;
    }

    @Override
    public Run start(CallContext call, ExchangeSpec spec, boolean freshConnection, Outcome outcome) {
        Following run = new Following(call, outcome);
        run.hop(spec, freshConnection);
        return run;
    }

    /** One request and the hops it is redirected through. */
    private final class Following implements Run, Outcome {
        private final CallContext call;
        private final Outcome outcome;
        private ExchangeSpec spec;
        private Run current;
        private int redirects;

        Following(CallContext call, Outcome outcome) {
            this.call = call;
            this.outcome = outcome;
        }

        private void hop(ExchangeSpec next, boolean freshConnection) {
            spec = next;
            current = null;
            Run started = inner.start(call, next, freshConnection, this);
            if (spec == next) { // not ended and redirected again before start returned
                current = started;
            }
        }

        @Override
        public void response(ResponseData response) {
            ExchangeSpec next = Redirects.next(spec, response.status(), response.header("Location"), config);
            if (next == null) {
                outcome.response(response);
                return;
            }
            if (redirects >= config.maxRedirects()) {
                String detail = "more than " + config.maxRedirects() + " redirects (last: " + response.status() + " to "
                        + UrlText.redact(next.url()) + ")";
                outcome.failure(
                        new Failure(new FetchException(ErrorKind.TOO_MANY_REDIRECTS, spec.url(), detail, null), false));
                return;
            }
            redirects++;
            ConnectionLog.redirect(response.status(), spec.url(), next.url());
            spec = next;
            current = null; // waiting for a slot
            call.readmit(next, () -> hop(next, false));
        }

        @Override
        public void failure(Failure failure) {
            outcome.failure(failure);
        }

        @Override
        public void cancel() {
            if (current != null) {
                current.cancel();
            }
        }

        @Override
        public String phase() {
            return current != null ? current.phase() : "while waiting for a slot after a redirect";
        }
    }
}
