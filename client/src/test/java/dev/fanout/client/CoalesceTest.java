package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * coalesceDuplicateGets on the testkit's server, which counts what it is sent: identical GETs of
 * a batch go out once and every index that asked gets the answer under its own index; what
 * differs (method, headers, a body), other batches, and clients without the option are sent
 * as asked.
 */
class CoalesceTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    @Test
    void identicalGetsOfABatchAreSentOnceAndEachIndexGetsTheAnswer(SlowEndpoints server) {
        server.reset();
        String a = server.body(5);
        String b = server.body(7);
        String reset = server.connectionReset();
        List<Request> batch = List.of(
                Request.get(a),
                Request.get(b),
                Request.get(a),
                Request.builder(a).header("Accept", "text/plain").build(),
                Request.get(reset),
                Request.get(a),
                Request.get(reset),
                Request.builder(b).method("POST").body("x").build(),
                Request.builder(b).method("POST").body("x").build());
        try (FanoutClient client =
                FanoutClient.builder().coalesceDuplicateGets().build()) {
            List<Result> results = client.sendAll(batch);

            for (int i : new int[] {0, 2, 5}) {
                Result r = results.get(i);
                assertThat(r.index()).isEqualTo(i);
                assertThat(r.request()).isSameAs(batch.get(i));
                assertThat(r.ok()).as("%s: %s", r, r.error()).isTrue();
                assertThat(r.response().body()).hasSize(5);
            }
            assertThat(results.get(4).error().kind())
                    .isEqualTo(results.get(6).error().kind());
            assertThat(results.get(6).index()).isEqualTo(6);
            // a (3 identical GETs) once, and once more with its other header.
            assertThat(server.requestCount(a)).isEqualTo(2);
            assertThat(server.requestCount(reset)).isEqualTo(1);
            // b once as a GET and twice as a POST: a body is never coalesced.
            assertThat(server.requestCount(b)).isEqualTo(3);

            client.sendAll(List.of(Request.get(a), Request.get(a)));
            assertThat(server.requestCount(a))
                    .as("a later batch sends it again, once")
                    .isEqualTo(3);
        }
    }

    @Test
    void withoutTheOptionEveryRequestIsSent(SlowEndpoints server) {
        server.reset();
        String a = server.body(5);
        try (FanoutClient client = FanoutClient.create()) {
            List<Result> results = client.fetchAll(List.of(a, a, a));
            assertThat(results).allMatch(Result::ok);
            assertThat(server.requestCount(a)).isEqualTo(3);
        }
    }
}
