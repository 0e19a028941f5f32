package dev.fanout.testkit.internal;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Counts every request the server receives, per URL, whether a testkit URL or a stub of the
 * test's own answers it; and records the hold of requests to the test's own stubs that have
 * a fixed delay, so that they count in the peak too.
 *
 * <p>Thread-safe: Jetty calls it on many threads at once.
 */
public final class CountingListener implements ServeEventListener {

    private final InFlightProbe probe;

    /** Creates a listener that counts into {@code probe}. */
    public CountingListener(InFlightProbe probe) {
        this.probe = probe;
    }

    @Override
    public String getName() {
        return "fanout-testkit-counter";
    }

    @Override
    public boolean applyGlobally() {
        return true;
    }

    @Override
    public void beforeMatch(ServeEvent serveEvent, Parameters parameters) {
        probe.received(serveEvent.getRequest().getUrl());
    }

    @Override
    public void afterMatch(ServeEvent serveEvent, Parameters parameters) {
        ResponseDefinition response = serveEvent.getResponseDefinition();
        if (response == null || !serveEvent.getWasMatched()) {
            return;
        }
        List<String> transformers = response.getTransformers();
        if (transformers != null
                && (transformers.contains(ShapeTransformer.NAME) || transformers.contains(ReplyTransformer.NAME))) {
            return; // the transformers record their requests themselves, with the delay they chose
        }
        Integer delay = response.getFixedDelayMilliseconds();
        probe.held(System.nanoTime(), delay == null ? 0 : TimeUnit.MILLISECONDS.toNanos(delay));
    }
}
