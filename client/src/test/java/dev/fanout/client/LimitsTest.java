package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** maxInFlight and maxConnectionsPerHost hold at all times; queued requests are served fairly and FIFO. */
class LimitsTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    @Test
    void theServerNeverSeesMoreThanMaxConnectionsPerHost(SlowEndpoints server) {
        try (FanoutClient client =
                FanoutClient.builder().maxConnectionsPerHost(10).build()) {
            List<Result> results = client.fetchAll(server.delayed(60, Duration.ofMillis(150)));

            assertThat(results).allSatisfy(r -> assertThat(r.ok()).isTrue());
            assertThat(server.peakInFlight()).isEqualTo(10);
        }
    }

    @Test
    void maxInFlightHoldsAcrossHosts(SlowEndpoints server) {
        // 127.0.0.1 and localhost are two origins on the same server: the per-host limit allows 20
        // in all, maxInFlight only 6.
        List<String> urls = new ArrayList<>();
        for (String url : server.delayed(15, Duration.ofMillis(150))) {
            urls.add(url);
            urls.add(url.replace("127.0.0.1", "localhost") + "-b");
        }
        try (FanoutClient client =
                FanoutClient.builder().maxInFlight(6).maxConnectionsPerHost(10).build()) {
            List<Result> results = client.fetchAll(urls);

            assertThat(results).allSatisfy(r -> assertThat(r.ok()).as("%s", r).isTrue());
            assertThat(server.peakInFlight()).isEqualTo(6);
        }
    }

    @Test
    void requestsToOneHostStartInInputOrder(SlowEndpoints server) {
        List<String> urls = server.delayed(12, Duration.ofMillis(20));
        ConcurrentLinkedQueue<Integer> completionOrder = new ConcurrentLinkedQueue<>();
        try (FanoutClient client =
                FanoutClient.builder().maxConnectionsPerHost(1).build()) {
            List<Request> requests = urls.stream().map(Request::get).toList();
            client.startAll(requests)
                    .onResult(r -> completionOrder.add(r.index()))
                    .awaitAll();
        }
        assertThat(completionOrder).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    }

    @Test
    void aBusyHostDoesNotStarveTheOthers(SlowEndpoints server) {
        // 40 slow requests to one origin queue up first; 4 quick ones to another origin follow.
        List<Request> requests = new ArrayList<>();
        for (String url : server.delayed(40, Duration.ofMillis(200))) {
            requests.add(Request.get(url));
        }
        for (int i = 0; i < 4; i++) {
            requests.add(Request.get(server.body(10).replace("127.0.0.1", "localhost") + "?q=" + i));
        }
        ConcurrentHashMap<Integer, Long> doneAt = new ConcurrentHashMap<>();
        AtomicLong start = new AtomicLong(System.nanoTime());
        try (FanoutClient client =
                FanoutClient.builder().maxInFlight(4).maxConnectionsPerHost(4).build()) {
            client.startAll(requests)
                    .onResult(r -> doneAt.put(r.index(), System.nanoTime() - start.get()))
                    .awaitAll();
        }
        long lastQuick = 0;
        for (int i = 40; i < 44; i++) {
            lastQuick = Math.max(lastQuick, doneAt.get(i));
        }
        long lastSlow = 0;
        for (int i = 0; i < 40; i++) {
            lastSlow = Math.max(lastSlow, doneAt.get(i));
        }
        // Served in turn, the quick host finishes within the first few rounds, long before the slow one.
        assertThat(lastQuick).isLessThan(lastSlow / 2);
    }

    @Test
    void waitingInTheQueueDoesNotCountAgainstTheRequestTimeout(SlowEndpoints server) {
        try (FanoutClient client = FanoutClient.builder()
                .maxConnectionsPerHost(1)
                .requestTimeout(Duration.ofMillis(400))
                .build()) {
            // Each takes 150 ms; the last waits 750 ms for its slot, far past its 400 ms timeout.
            List<Result> results = client.fetchAll(server.delayed(6, Duration.ofMillis(150)));

            assertThat(results).allSatisfy(r -> assertThat(r.ok()).as("%s", r).isTrue());
            assertThat(results.get(5).timings().queued()).isGreaterThan(Duration.ofMillis(400));
        }
    }

    @Test
    void theBatchDeadlineCountsTheQueueAndEndsTheRestAsTimeout(SlowEndpoints server) {
        List<Request> requests = new ArrayList<>();
        server.delayed(2, Duration.ofMillis(50)).forEach(url -> requests.add(Request.get(url)));
        for (int i = 0; i < 8; i++) {
            requests.add(Request.get(server.neverAnswers()));
        }
        try (FanoutClient client =
                FanoutClient.builder().maxConnectionsPerHost(2).build()) {
            Batch batch = client.startAll(requests);

            List<Result> results = batch.awaitAll(Duration.ofSeconds(1));

            assertThat(results.subList(0, 2))
                    .allSatisfy(r -> assertThat(r.ok()).as("%s", r).isTrue());
            // Two of the rest held a slot when the deadline came, six still waited for one: all TIMEOUT.
            assertThat(results.subList(2, 10)).allSatisfy(r -> {
                assertThat(r.error().kind()).isEqualTo(ErrorKind.TIMEOUT);
                assertThat(r.error().getMessage()).contains("batch deadline");
            });
            assertThat(results.get(9).timings().queued()).isGreaterThan(Duration.ofMillis(500));
        }
    }

    @Test
    void twoThousandUrlsToOneHostThroughFiftyConnectionsAllSucceed(SlowEndpoints server) {
        try (FanoutClient client =
                FanoutClient.builder().maxConnectionsPerHost(50).build()) {
            List<Result> results = client.fetchAll(server.delayed(2_000, Duration.ofMillis(20)));

            assertThat(results).allSatisfy(r -> assertThat(r.ok()).as("%s", r).isTrue());
            assertThat(server.peakInFlight()).isLessThanOrEqualTo(50);
            assertThat(results.stream().mapToInt(Result::attempts).sum()).isEqualTo(2_000);
        }
    }

    @Test
    void aBoundedQueueRejectsExactlyTheRequestsBeyondIt(SlowEndpoints server) {
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            requests.add(Request.get(server.neverAnswers()));
        }
        try (FanoutClient client =
                FanoutClient.builder().maxInFlight(10).maxQueued(1_000).build()) {
            Batch batch = client.startAll(requests);
            batch.cancel();
            List<Result> results = batch.awaitAll();

            // 10 got a slot, the next 1,000 waited in the queue, the rest were refused at once.
            assertThat(results.subList(0, 1_010))
                    .allSatisfy(r -> assertThat(r.error().kind()).isEqualTo(ErrorKind.CANCELLED));
            assertThat(results.subList(1_010, 5_000))
                    .allSatisfy(r -> assertThat(r.error().kind()).isEqualTo(ErrorKind.REJECTED));
        }
    }
}
