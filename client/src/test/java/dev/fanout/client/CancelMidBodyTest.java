package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests cancelled while their bodies stream in leave nothing behind: the leak detector (paranoid,
 * checked after every test) finds no buffer, and the client keeps working.
 */
class CancelMidBodyTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    @Test
    void fiveHundredRequestsCancelledMidBodyLeakNothing(SlowEndpoints server) throws InterruptedException {
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            requests.add(Request.get(server.slowBody(20_000, 20, Duration.ofSeconds(4))));
        }
        try (FanoutClient client = FanoutClient.create()) {
            Batch batch = client.startAll(requests);
            Thread.sleep(800); // headers and the first chunks have arrived

            batch.cancel();
            List<Result> results = batch.awaitAll();

            AtomicInteger cancelled = new AtomicInteger();
            results.forEach(r -> {
                if (r.error() != null && r.error().kind() == ErrorKind.CANCELLED) {
                    cancelled.incrementAndGet();
                }
            });
            assertThat(cancelled.get()).isEqualTo(500);
            assertThat(client.fetchAll(List.of(server.body(5))).get(0).ok()).isTrue();
        }
    }
}
