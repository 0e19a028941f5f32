package dev.fanout.testkit.internal;

import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.http.AdminRequestHandler;
import com.github.tomakehurst.wiremock.http.HttpServer;
import com.github.tomakehurst.wiremock.http.HttpServerFactory;
import com.github.tomakehurst.wiremock.http.StubRequestHandler;
import com.github.tomakehurst.wiremock.jetty11.Jetty11HttpServer;

/**
 * Builds WireMock's own Jetty server, except that stopping it also drops the responses still
 * waiting for their delay and interrupts slow bodies.
 *
 * <p>WireMock's {@code stop()} only calls {@code shutdown()} on its scheduler of delayed
 * responses, and a scheduler that is shut down still runs the tasks already scheduled: a
 * never-answered request would keep a non-daemon thread alive for 24 days after the server
 * closed, and a slow body would go on sleeping through its duration. This calls
 * {@code shutdownNow()} first.
 *
 * <p>Thread-safe: WireMock calls it once per server.
 */
public final class PromptStopServerFactory implements HttpServerFactory {

    @Override
    public String getName() {
        return "fanout-testkit-prompt-stop";
    }

    @Override
    public HttpServer buildHttpServer(
            Options options, AdminRequestHandler adminRequestHandler, StubRequestHandler stubRequestHandler) {
        return new PromptStopJettyServer(options, adminRequestHandler, stubRequestHandler);
    }

    private static final class PromptStopJettyServer extends Jetty11HttpServer {

        PromptStopJettyServer(
                Options options, AdminRequestHandler adminRequestHandler, StubRequestHandler stubRequestHandler) {
            super(options, adminRequestHandler, stubRequestHandler);
        }

        @Override
        public void stop() {
            if (scheduledExecutorService != null) {
                scheduledExecutorService.shutdownNow();
            }
            super.stop();
        }
    }
}
