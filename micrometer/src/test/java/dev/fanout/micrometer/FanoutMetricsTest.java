package dev.fanout.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.client.Batch;
import dev.fanout.client.FanoutClient;
import dev.fanout.client.Request;
import dev.fanout.client.RetryPolicy;
import dev.fanout.loop.testing.Await;
import dev.fanout.testkit.Failure;
import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link FanoutMetrics} in a {@link SimpleMeterRegistry}, over real requests to the testkit's
 * server: each request is timed under its status, outcome and error kind; retries, hedges,
 * replays, open and queued requests are counted per host; the client's connections have gauges per host,
 * registered and removed as it connects to hosts and lets go of them, and its loop has gauges;
 * no tag holds a URL.
 */
class FanoutMetricsTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FanoutMetrics metrics = FanoutMetrics.create(registry, List.of(Tag.of("service", "test")));

    @Test
    void eachRequestIsTimedUnderItsStatusOutcomeAndErrorKind(SlowEndpoints server) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (FanoutClient client =
                FanoutClient.builder().eventListenerFactory(metrics).build()) {
            client.fetchAll(List.of(
                    server.body(3),
                    server.body(4),
                    server.status(503),
                    server.status(404),
                    "http://localhost:" + closed + "/x",
                    "ftp://nope/"));

            assertThat(timer("status", "200", "outcome", "SUCCESS", "exception", "none")
                            .count())
                    .isEqualTo(2);
            assertThat(timer("status", "503", "outcome", "SERVER_ERROR").count())
                    .isEqualTo(1);
            assertThat(timer("status", "404", "outcome", "CLIENT_ERROR").count())
                    .isEqualTo(1);
            Timer refused = registry.get("http.client.requests")
                    .tags("client.name", "localhost", "exception", "CONNECT", "status", "CLIENT_ERROR")
                    .tag("outcome", "UNKNOWN")
                    .timer();
            assertThat(refused.count()).isEqualTo(1);
            assertThat(registry.get("http.client.requests")
                            .tags("exception", "INVALID_REQUEST", "client.name", "nope")
                            .timer()
                            .count())
                    .isEqualTo(1);
            assertThat(timer("status", "200").getId().getTag("service")).isEqualTo("test");
            assertThat(timer("status", "200").getId().getTag("method")).isEqualTo("GET");
            assertThat(timer("status", "200").totalTime(java.util.concurrent.TimeUnit.NANOSECONDS))
                    .isPositive();
            for (Meter m : registry.getMeters()) {
                assertThat(m.getId().getTags())
                        .as("%s", m.getId())
                        .allSatisfy(t -> assertThat(t.getValue()).doesNotContain("/"));
            }
        }
    }

    @Test
    void retriesAndHedgesAreCountedPerHost(SlowEndpoints server) {
        server.reset();
        try (FanoutClient retrying = FanoutClient.builder()
                        .retry(RetryPolicy.exponential(3, Duration.ofMillis(1), Duration.ofMillis(5)))
                        .eventListenerFactory(metrics)
                        .build();
                FanoutClient hedging = FanoutClient.builder()
                        .hedgeAfter(Duration.ofMillis(50))
                        .eventListenerFactory(metrics)
                        .build()) {
            assertThat(retrying.fetchAll(List.of(server.flaky(1, Failure.status(503))))
                            .get(0)
                            .attempts())
                    .isEqualTo(2);
            assertThat(hedging.fetchAll(List.of(server.delayed(Duration.ofSeconds(2))))
                            .get(0)
                            .hedges())
                    .isEqualTo(1);

            assertThat(registry.get("fanout.client.retries")
                            .tag("client.name", "127.0.0.1")
                            .counter()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get("fanout.client.hedges")
                            .tag("client.name", "127.0.0.1")
                            .counter()
                            .count())
                    .isEqualTo(1);
        }
    }

    @Test
    void aReplayOnAStaleConnectionIsCountedPerHostAndReason(SlowEndpoints server) {
        server.reset();
        try (FanoutClient client =
                FanoutClient.builder().eventListenerFactory(metrics).build()) {
            client.fetchAll(List.of(server.body(1))); // pools a connection
            // met on the pooled connection: closed with no response byte, so sent again on a fresh one
            assertThat(client.fetchAll(List.of(server.flaky(1, Failure.emptyResponse())))
                            .get(0)
                            .attempts())
                    .isEqualTo(2);

            assertThat(registry.get("fanout.client.replays")
                            .tags("client.name", "127.0.0.1", "reason", "stale")
                            .counter()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get("fanout.client.replays")
                            .tags("client.name", "127.0.0.1", "reason", "refused")
                            .counter()
                            .count())
                    .isZero();
            assertThat(registry.get("fanout.client.retries")
                            .tag("client.name", "127.0.0.1")
                            .counter()
                            .count())
                    .as("a replay is not a retry")
                    .isZero();
        }
    }

    @Test
    void openAndQueuedRequestsAreGaugedWhileABatchIsHeld(SlowEndpoints server) throws Exception {
        List<Request> held = List.of(
                Request.get(server.neverAnswers()),
                Request.get(server.neverAnswers()),
                Request.get(server.neverAnswers()));
        try (FanoutClient client = FanoutClient.builder()
                .maxConnectionsPerHost(1)
                .eventListenerFactory(metrics)
                .build()) {
            Batch batch = client.startAll(held);
            Await.until(
                    "3 open, 2 queued",
                    () -> gauge("fanout.client.requests.open") == 3 && gauge("fanout.client.requests.queued") == 2);
            batch.cancel();
            batch.awaitAll();

            assertThat(gauge("fanout.client.requests.open")).isZero();
            assertThat(gauge("fanout.client.requests.queued")).isZero();
        }
    }

    @Test
    void aBoundClientHasConnectionAndLoopMetersUntilClosed(SlowEndpoints server) throws Exception {
        try (FanoutClient client =
                FanoutClient.builder().eventListenerFactory(metrics).build()) {
            ClientMeters bound = metrics.bind(client, Duration.ofMillis(10));
            client.fetchAll(List.of(server.body(1), server.body(2)));
            client.loop()
                    .submit(() -> {
                        Thread.sleep(150); // a task that holds the loop past its 100 ms threshold
                        return null;
                    })
                    .get();
            String loop = client.loop().name();

            Await.until(
                    "the host's gauges registered by a probe",
                    () -> !registry.find("fanout.client.connections.idle")
                            .gauges()
                            .isEmpty());
            assertThat(registry.get("fanout.client.connections.idle")
                            .tags("loop", loop, "client.name", "127.0.0.1")
                            .gauge()
                            .value())
                    .isEqualTo(2);
            assertThat(registry.get("fanout.client.connections.active")
                            .tags("loop", loop, "client.name", "127.0.0.1")
                            .gauge()
                            .value())
                    .isZero();
            // The task's future completes inside it, before the loop has timed it: wait for the count.
            FunctionCounter slow =
                    registry.get("fanout.loop.tasks.slow").tag("loop", loop).functionCounter();
            Await.until("the slow task counted", () -> slow.count() >= 1);
            Timer lag = registry.get("fanout.loop.lag").tag("loop", loop).timer();
            Await.until("the lag probe ran", () -> lag.count() >= 3);
            assertThat(lag.max(java.util.concurrent.TimeUnit.MILLISECONDS))
                    .as("the probe due while the loop was held ran late")
                    .isGreaterThan(0);

            bound.close();
            assertThat(registry.find("fanout.loop.lag").timers()).isEmpty();
            assertThat(registry.find("fanout.client.connections.idle").gauges()).isEmpty();
        }
    }

    @Test
    void connectionsAreGaugedPerHostWhileHeldAndTheGaugesGoWithTheConnections(SlowEndpoints server) throws Exception {
        String byAddress = server.neverAnswers();
        String byName = byAddress.replace("127.0.0.1", "localhost");
        try (FanoutClient client =
                FanoutClient.builder().eventListenerFactory(metrics).build()) {
            ClientMeters bound = metrics.bind(client, Duration.ofMillis(10));
            String loop = client.loop().name();
            // two origins in one batch: the server by its address and by its name
            Batch batch = client.startAll(
                    List.of(Request.get(byAddress), Request.get(byAddress + "?2"), Request.get(byName)));
            Await.until(
                    "2 active to 127.0.0.1 and 1 to localhost",
                    () -> connections("active", loop, "127.0.0.1") == 2
                            && connections("active", loop, "localhost") == 1);
            assertThat(connections("idle", loop, "127.0.0.1")).isZero();
            assertThat(connections("idle", loop, "localhost")).isZero();

            batch.cancel();
            batch.awaitAll();
            Await.until(
                    "the gauges of hosts with no connection left removed",
                    () -> registry.find("fanout.client.connections.active")
                                    .gauges()
                                    .isEmpty()
                            && registry.find("fanout.client.connections.idle")
                                    .gauges()
                                    .isEmpty());

            client.fetchAll(List.of(server.body(1), server.body(2).replace("127.0.0.1", "localhost")));
            Await.until(
                    "one idle connection to each host",
                    () -> connections("idle", loop, "127.0.0.1") == 1 && connections("idle", loop, "localhost") == 1);
            assertThat(connections("active", loop, "localhost")).isZero();

            bound.close();
            assertThat(registry.find("fanout.client.connections.idle").gauges()).isEmpty();
            assertThat(registry.find("fanout.client.connections.active").gauges())
                    .isEmpty();
        }
    }

    /** Returns the gauge's value, or -1 while it is not registered. */
    private double connections(String state, String loop, String host) {
        Gauge g = registry.find("fanout.client.connections." + state)
                .tags("loop", loop, "client.name", host)
                .gauge();
        return g == null ? -1 : g.value();
    }

    @Test
    void aLagProbeIntervalMustBePositive() {
        try (FanoutClient client = FanoutClient.builder().build()) {
            assertThatThrownBy(() -> metrics.bind(client, Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lagProbeInterval");
        }
    }

    private Timer timer(String... tags) {
        return registry.get("http.client.requests")
                .tag("client.name", "127.0.0.1")
                .tags(tags)
                .timer();
    }

    private double gauge(String name) {
        return registry.get(name).tag("client.name", "127.0.0.1").gauge().value();
    }
}
