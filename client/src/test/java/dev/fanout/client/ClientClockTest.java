package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.loop.Loop;
import dev.fanout.loop.ManualClock;
import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client keeps time on its loop's clock: on a {@link ManualClock}, request timeouts, idle
 * eviction, queue time and the timings of results follow the test's advances, not the wall
 * clock, and come out exact. Sockets stay real (loopback); only time is controlled, and no test
 * sleeps.
 */
class ClientClockTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    private final ManualClock clock = new ManualClock();
    private final Loop loop =
            Loop.builder().name("client-clock-loop").clock(clock).start();
    private RawServer server;

    @AfterEach
    void stop() throws IOException {
        loop.close();
        if (server != null) {
            server.close();
        }
    }

    /** Returns once every task the loop holds now has run (and whatever they handed on before this). */
    private void loopCatchesUp() throws Exception {
        loop.submit(() -> null).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRequestThatIsNeverAnsweredTimesOutWhenTheClockPassesItsTimeoutAndNotBefore(SlowEndpoints endpoints)
            throws Exception {
        try (FanoutClient client = FanoutClient.builder()
                .loop(loop)
                .requestTimeout(Duration.ofSeconds(30))
                .build()) {
            Batch batch = client.startAll(List.of(Request.get(endpoints.neverAnswers())));

            clock.advance(Duration.ofSeconds(30).minusNanos(1));
            loopCatchesUp();
            assertThat(batch.future()).isNotDone();

            clock.advance(Duration.ofNanos(1));
            Result result = batch.future().get(10, TimeUnit.SECONDS).get(0);

            assertThat(result.error().kind()).isEqualTo(ErrorKind.TIMEOUT);
            assertThat(result.error().getMessage()).contains("no complete response within 30000 ms");
            assertThat(result.elapsed()).isEqualTo(Duration.ofSeconds(30));
        }
    }

    @Test
    void requestsOfTwoTimeoutsInOneBatchEachTimeOutWhenTheClockPassesTheirOwn(SlowEndpoints endpoints)
            throws Exception {
        try (FanoutClient client = FanoutClient.builder()
                .loop(loop)
                .requestTimeout(Duration.ofSeconds(30))
                .build()) {
            String never = endpoints.neverAnswers();
            Request quick =
                    Request.builder(never).timeout(Duration.ofSeconds(5)).build();
            Batch batch = client.startAll(List.of(Request.get(never), quick, Request.get(never), quick));
            List<Integer> ended = new CopyOnWriteArrayList<>();
            batch.onResult(r -> ended.add(r.index()));

            clock.advance(Duration.ofSeconds(5).minusNanos(1));
            loopCatchesUp();
            assertThat(ended).isEmpty();
            clock.advance(Duration.ofNanos(1));
            loopCatchesUp();
            assertThat(ended).containsExactly(1, 3);

            clock.advance(Duration.ofSeconds(25).minusNanos(1));
            loopCatchesUp();
            assertThat(ended).containsExactly(1, 3);
            clock.advance(Duration.ofNanos(1));
            List<Result> results = batch.future().get(10, TimeUnit.SECONDS);

            assertThat(ended).containsExactly(1, 3, 0, 2);
            assertThat(results).allSatisfy(r -> assertThat(r.error().kind()).isEqualTo(ErrorKind.TIMEOUT));
            assertThat(results.get(1).error().getMessage()).contains("within 5000 ms");
            assertThat(results.get(0).error().getMessage()).contains("within 30000 ms");
            assertThat(results.get(3).elapsed()).isEqualTo(Duration.ofSeconds(5));
            assertThat(results.get(2).elapsed()).isEqualTo(Duration.ofSeconds(30));
        }
    }

    @Test
    void anIdleConnectionIsEvictedOnceItHasBeenIdleForTheIdleTimeoutOfTheLoopsClock() throws Exception {
        CountDownLatch closedByClient = new CountDownLatch(1);
        server = new RawServer(c -> {
            while (c.readRequest() != null) {
                c.write(RawServer.ok("ok"));
            }
            closedByClient.countDown(); // the client closed the connection
        });
        try (FanoutClient client = FanoutClient.builder()
                .loop(loop)
                .idleTimeout(Duration.ofSeconds(10))
                .build()) {
            assertThat(client.fetchAll(List.of(server.url("/1"))).get(0).ok()).isTrue();

            // Idle for the timeout less a nanosecond: still pooled, so the next request reuses it.
            clock.advance(Duration.ofSeconds(10).minusNanos(1));
            assertThat(client.fetchAll(List.of(server.url("/2"))).get(0).ok()).isTrue();
            assertThat(server.connections()).isEqualTo(1);

            // Idle again, for the whole timeout this time, counted from its last use.
            clock.advance(Duration.ofSeconds(10));
            assertThat(closedByClient.await(10, TimeUnit.SECONDS)).as("evicted").isTrue();
            assertThat(client.fetchAll(List.of(server.url("/3"))).get(0).ok()).isTrue();
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void timeQueuedForASlotDoesNotCountAgainstTheRequestTimeout() throws Exception {
        CountDownLatch answerFirst = new CountDownLatch(1);
        CountDownLatch secondArrived = new CountDownLatch(1);
        server = new RawServer(c -> {
            c.readRequest();
            try {
                answerFirst.await();
            } catch (InterruptedException e) {
                return;
            }
            c.write(RawServer.ok("first"));
            if (c.readRequest() != null) {
                secondArrived.countDown();
                c.readRequest(); // never answers the second: waits for the client to close
            }
        });
        Map<Integer, Result> results = new ConcurrentHashMap<>();
        CountDownLatch firstEnded = new CountDownLatch(1);
        try (FanoutClient client = FanoutClient.builder()
                .loop(loop)
                .maxConnectionsPerHost(1)
                .requestTimeout(Duration.ofSeconds(30))
                .build()) {
            Batch batch =
                    client.startAll(List.of(Request.get(server.url("/first")), Request.get(server.url("/second"))));
            batch.onResult(r -> {
                results.put(r.index(), r);
                if (r.index() == 0) {
                    firstEnded.countDown();
                }
            });

            // The second waits for the one connection while the first is in flight for 20 s.
            clock.advance(Duration.ofSeconds(20));
            answerFirst.countDown();
            assertThat(firstEnded.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(secondArrived.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(results.get(0).ok()).isTrue();
            assertThat(results.get(0).elapsed()).isEqualTo(Duration.ofSeconds(20));

            // 30 s after the batch started: the second has been in flight for only 10 s.
            clock.advance(Duration.ofSeconds(20));
            loopCatchesUp();
            assertThat(results).doesNotContainKey(1);

            // Its timeout counts from the moment it got its slot: 20 s + 30 s.
            clock.advance(Duration.ofSeconds(10));
            Result second = batch.future().get(10, TimeUnit.SECONDS).get(1);
            assertThat(second.error().kind()).isEqualTo(ErrorKind.TIMEOUT);
            assertThat(second.timings().queued()).isEqualTo(Duration.ofSeconds(20));
            assertThat(second.elapsed()).isEqualTo(Duration.ofSeconds(50));
        }
    }
}
