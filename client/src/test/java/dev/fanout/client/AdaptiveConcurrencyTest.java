package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * adaptiveConcurrency against loopback servers of limited capacity ({@link CapacityServer}):
 * the limit of an origin that answers 503 beyond its capacity, or whose latency grows with its
 * load, comes down to what it can take, batch after batch, while an origin without the option
 * keeps the configured limit. Real sockets and real time; the assertions are on what the
 * servers saw, not on durations.
 */
class AdaptiveConcurrencyTest {

    private static final int ROUNDS = 6;
    private static final int PER_BATCH = 64;

    private static List<String> urls(String origin, int round) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < PER_BATCH; i++) {
            urls.add(origin + "/r" + round + "/" + i);
        }
        return urls;
    }

    @Test
    void anOriginThatAnswers503BeyondItsCapacityShrinksItsLimitAndAnotherOriginKeepsItsOwn() {
        try (CapacityServer adaptive = CapacityServer.rejecting(8, 60);
                CapacityServer fixed = CapacityServer.rejecting(8, 60);
                FanoutClient client = FanoutClient.builder()
                        .maxConnectionsPerHost(PER_BATCH)
                        .adaptiveConcurrency(adaptive.origin())
                        .build()) {
            assertThat(client.concurrencyLimit(adaptive.origin())).isEqualTo(PER_BATCH);
            int[] rejectedAdaptive = new int[ROUNDS];
            int[] rejectedFixed = new int[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                adaptive.reset();
                fixed.reset();
                List<String> urls = urls(adaptive.origin(), round);
                urls.addAll(urls(fixed.origin(), round));
                for (Result r : client.fetchAll(urls)) {
                    assertThat(r.status())
                            .as("%s: %s", r.request().url(), r.error())
                            .isIn(200, 503);
                }
                rejectedAdaptive[round] = adaptive.rejected();
                rejectedFixed[round] = fixed.rejected();
            }
            // The first batch goes out at the configured limit, and meets the 503s.
            assertThat(rejectedAdaptive[0]).isGreaterThanOrEqualTo(40);
            assertThat(rejectedAdaptive[ROUNDS - 1]).isLessThanOrEqualTo(rejectedAdaptive[0] / 4);
            assertThat(client.concurrencyLimit(adaptive.origin())).isBetween(1, PER_BATCH / 4);
            // The other origin, served the same way, did not adapt.
            assertThat(rejectedFixed[ROUNDS - 1]).isGreaterThanOrEqualTo(40);
            assertThat(client.concurrencyLimit(fixed.origin())).isEqualTo(PER_BATCH);
        }
    }

    @Test
    void anOriginWhoseLatencyGrowsWithItsLoadIsSentFewerRequestsAtOnce() {
        try (CapacityServer server = CapacityServer.queueing(8, 50);
                FanoutClient client = FanoutClient.builder()
                        .maxConnectionsPerHost(PER_BATCH)
                        .adaptiveConcurrency()
                        .build()) {
            int[] peaks = new int[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                server.reset();
                for (Result r : client.fetchAll(urls(server.origin(), round))) {
                    assertThat(r.status())
                            .as("%s: %s", r.request().url(), r.error())
                            .isEqualTo(200);
                }
                peaks[round] = server.peakHeld();
            }
            assertThat(peaks[0])
                    .as("the first batch goes out at the configured limit")
                    .isGreaterThanOrEqualTo(40);
            assertThat(peaks[ROUNDS - 1]).isLessThanOrEqualTo(PER_BATCH / 2);
            assertThat(client.concurrencyLimit(server.origin())).isBetween(1, PER_BATCH / 2);
        }
    }

    @Test
    void withoutTheOptionTheLimitIsTheConfiguredOneAndAnOriginMustBeAUrl() {
        try (FanoutClient client =
                FanoutClient.builder().maxConnectionsPerHost(7).build()) {
            assertThat(client.concurrencyLimit("http://example.com")).isEqualTo(7);
            assertThatThrownBy(() -> client.concurrencyLimit("example.com"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("concurrencyLimit: not an origin: example.com");
        }
        assertThatThrownBy(() -> FanoutClient.builder().adaptiveConcurrency("ftp://example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("adaptiveConcurrency: not an origin: ftp://example.com");
    }
}
