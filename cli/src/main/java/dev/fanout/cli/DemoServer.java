package dev.fanout.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import dev.fanout.testkit.SlowEndpoints;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The demo's slow endpoints: the testkit's embedded WireMock server, started in a thread group
 * of its own so that the thread census can tell the server's threads (which share this JVM)
 * from the client's. Besides the testkit's URLs it answers the demo's own
 * ({@link DemoServerRules}): a rate-limited endpoint, and one whose first request stalls.
 */
final class DemoServer implements AutoCloseable {

    private final ThreadGroup group;
    private final SlowEndpoints endpoints;

    private DemoServer(ThreadGroup group, SlowEndpoints endpoints) {
        this.group = group;
        this.endpoints = endpoints;
    }

    /**
     * Starts the server on 127.0.0.1, on a dynamic port; plain HTTP, and HTTPS too when
     * {@code https}; HTTP/1.1 only, or also HTTP/2 (h2c on the plain port, h2 by ALPN on the
     * HTTPS one) when {@code http2}.
     */
    static DemoServer start(boolean https, boolean http2) throws InterruptedException {
        readWireMock();
        ThreadGroup group = new ThreadGroup("fanout-demo-server");
        AtomicReference<SlowEndpoints> started = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        // Threads inherit the group of the thread that creates them: start the server from one of ours.
        Thread starter = new Thread(
                group,
                () -> {
                    try {
                        DemoServerRules rules = new DemoServerRules(DemoCase.RATE_PER_SECOND);
                        SlowEndpoints endpoints = SlowEndpoints.builder()
                                .https(https)
                                .http2(http2)
                                .configure(options -> options.extensions(rules))
                                .start();
                        endpoints
                                .wireMock()
                                .stubFor(any(urlPathMatching(DemoServerRules.PATHS))
                                        .willReturn(aResponse().withTransformers(DemoServerRules.NAME)));
                        started.set(endpoints);
                    } catch (RuntimeException | Error e) { // reported on the caller's thread below
                        failed.set(e);
                    }
                },
                "fanout-demo-server-start");
        starter.start();
        starter.join();
        if (failed.get() != null) {
            throw new IllegalStateException("the demo's embedded server did not start: " + failed.get(), failed.get());
        }
        return new DemoServer(group, started.get());
    }

    /**
     * Lets this module read the class path's unnamed module, where WireMock is, before
     * {@link DemoServerRules} (a WireMock extension) is loaded: WireMock cannot be a module, so
     * no {@code requires} can name it. Run from the shaded jar, on the class path, this module is
     * unnamed itself and reads everything already.
     */
    private static void readWireMock() {
        Module self = DemoServer.class.getModule();
        if (self.isNamed()) {
            self.addReads(DemoServer.class.getClassLoader().getUnnamedModule());
        }
    }

    /** Returns the thread group the server's threads belong to. */
    ThreadGroup group() {
        return group;
    }

    /** Returns the endpoints. */
    SlowEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public void close() {
        endpoints.close();
    }
}
