package dev.fanout.testkit;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.fanout.testkit.internal.ConnectionCounter;
import dev.fanout.testkit.internal.CountingListener;
import dev.fanout.testkit.internal.JournalStores;
import dev.fanout.testkit.internal.ReplyTransformer;
import dev.fanout.testkit.internal.ShapeTransformer;
import dev.fanout.testkit.internal.TestCertificates;
import dev.fanout.testkit.internal.TunedJettyServerFactory;

/**
 * Turns a {@link SlowEndpointsBuilder} into WireMock options: the tuning for fan-out lives here.
 *
 * <p>Stateless and thread-safe.
 */
final class ServerOptions {

    /** Every listening socket is bound to loopback only. */
    static final String LOOPBACK = "127.0.0.1";

    private ServerOptions() {}

    static WireMockConfiguration of(
            SlowEndpointsBuilder builder,
            ShapeTransformer transformer,
            ReplyTransformer replies,
            CountingListener listener,
            ConnectionCounter connections) {
        WireMockConfiguration options = options()
                .bindAddress(LOOPBACK)
                .dynamicPort()
                // Delays are scheduled, not slept on a Jetty thread: without this only about
                // 20 delayed requests are served at once.
                .asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(builder.responseThreads)
                // WireMock's default of 3 acceptors makes Jetty warn "Acceptors should be <=
                // availableProcessors" for each connector on a 1- or 2-core machine; Jetty's own
                // default is 1 per 8 cores (1 to 4), and one thread accepts thousands of
                // connections a second on loopback. (WireMock fixes the selectors at 2 per
                // connector, with no option: Jetty does not warn about those.)
                .jettyAcceptors(acceptors(Runtime.getRuntime().availableProcessors()))
                .jettyAcceptQueueSize(builder.acceptQueueSize)
                .jettyIdleTimeout(builder.idleTimeout.toMillis())
                // Requests that are never answered must not hold close() up.
                .jettyStopTimeout(0L)
                .http2PlainDisabled(!builder.http2)
                .http2TlsDisabled(!builder.http2)
                // WireMock gzips a response for a client that accepts gzip, and to do so buffers
                // it whole: a slow body would then arrive in one piece, at its end.
                .gzipDisabled(!builder.gzip)
                .extensionScanningEnabled(false)
                .httpServerFactory(new TunedJettyServerFactory(builder.http2MaxConcurrentStreams, connections))
                .extensions(transformer, replies, listener);
        if (builder.containerThreads > 0) {
            options.containerThreads(builder.containerThreads);
        }
        if (builder.https) {
            options.dynamicHttpsPort()
                    // WireMock reads its keystore from a path: a temporary file, made at run time.
                    .keystorePath(builder.certificate.served().keyStore().toString())
                    .keystoreType(TestCertificates.KEYSTORE_TYPE)
                    .keystorePassword(TestCertificates.PASSWORD)
                    .keyManagerPassword(TestCertificates.PASSWORD);
        }
        if (builder.requestJournal) {
            // Bounded by its store as each request comes (BoundedRequestJournal), not by WireMock's
            // maxRequestJournalEntries, which counts the whole journal at every request.
            options.withStores(new JournalStores(options, builder.journalEntries));
        } else {
            options.disableRequestJournal();
        }
        builder.customizer.accept(options);
        return options;
    }

    /** Returns Jetty's own default number of acceptors for a machine of {@code cores}. */
    static int acceptors(int cores) {
        return Math.max(1, Math.min(4, cores / 8));
    }
}
