package dev.fanout.testkit.internal;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * Counts every request the server receives, per URL, whether a testkit URL or a stub of the
 * test's own answers it.
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
}
