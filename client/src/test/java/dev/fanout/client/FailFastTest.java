package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Batch.failFast: the first failure of a named kind cancels the rest at once; other failures do not. */
class FailFastTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    private static String refused() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/x";
        }
    }

    @Test
    void theFirstFailureOfANamedKindCancelsEveryUnfinishedRequest(SlowEndpoints server) throws Exception {
        List<Request> requests = new ArrayList<>();
        requests.add(Request.get(server.body(1)));
        for (int i = 0; i < 20; i++) {
            requests.add(Request.get(server.neverAnswers()));
        }
        requests.add(Request.get(refused()));
        try (FanoutClient client = FanoutClient.create()) {
            Batch batch = client.startAll(requests).failFast(ErrorKind.CONNECT);
            List<Result> results = batch.awaitAll(Duration.ofSeconds(20));

            assertThat(results.get(21).error().kind()).isEqualTo(ErrorKind.CONNECT);
            assertThat(results.subList(1, 21)).allSatisfy(r -> {
                assertThat(r.error().kind()).isEqualTo(ErrorKind.CANCELLED);
                assertThat(r.error().getMessage()).contains("fail-fast: request 21 failed (CONNECT)");
            });
        }
    }

    @Test
    void aFailureOfAnotherKindLetsTheRestFinish(SlowEndpoints server) throws Exception {
        try (FanoutClient client = FanoutClient.create()) {
            Batch batch = client.startAll(
                            List.of(Request.get(server.delayed(Duration.ofMillis(300))), Request.get(refused())))
                    .failFast(ErrorKind.TIMEOUT, ErrorKind.PROTOCOL);
            List<Result> results = batch.awaitAll(Duration.ofSeconds(20));

            assertThat(results.get(0).ok()).isTrue();
            assertThat(results.get(1).error().kind()).isEqualTo(ErrorKind.CONNECT);
        }
    }
}
