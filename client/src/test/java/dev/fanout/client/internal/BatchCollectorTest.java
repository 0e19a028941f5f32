package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** A batch's requests checked on the caller's thread, as its collector is made. */
class BatchCollectorTest {

    @Test
    void eachRequestIsCheckedWithTheLastValidOneBeforeIt() {
        List<Request> requests = List.of(
                Request.get("http://api.example/1"),
                Request.get("http://api.example/2"),
                Request.get("not a url"),
                Request.get("http://api.example/3"));
        List<String> recents = new ArrayList<>();

        checkAll(requests, (r, recent) -> {
            recents.add(recent == null ? "none" : recent.url());
            return spec(r, recent);
        });

        assertThat(recents)
                .containsExactly("none", "http://api.example/1", "http://api.example/2", "http://api.example/2");
    }

    @Test
    void aBatchsRequestsToOneServerShareOneOrigin() {
        List<Request> requests = List.of(
                Request.get("http://api.example/1"), Request.get("http://:bad"), Request.get("http://api.example/2"));
        List<Origin> origins = new ArrayList<>();

        checkAll(requests, (r, recent) -> {
            ExchangeSpec spec = spec(r, recent);
            origins.add(spec.target().origin());
            return spec;
        });

        assertThat(origins).hasSize(2);
        assertThat(origins.get(1)).isSameAs(origins.get(0));
    }

    /** Makes a collector of {@code requests}, which checks each with {@code check}; nothing is sent. */
    private static void checkAll(List<Request> requests, BiFunction<Request, ExchangeSpec, ExchangeSpec> check) {
        new BatchCollector(null, null, requests, check, false, null, 0, new CompletableFuture<>());
    }

    /** A check as the client's, but for the headers, body and timeout: an invalid URL throws. */
    private static ExchangeSpec spec(Request r, ExchangeSpec recent) {
        return new ExchangeSpec(
                Target.parse(r.url(), recent == null ? null : recent.target()), r.method(), List.of(), null, 1_000_000);
    }
}
