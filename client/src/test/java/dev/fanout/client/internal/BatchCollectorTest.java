package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.client.Request;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

        new BatchCollector(
                null,
                null,
                requests,
                (r, recent) -> {
                    recents.add(recent == null ? "none" : recent.url());
                    return spec(r, recent);
                },
                false,
                null,
                0,
                new CompletableFuture<>());

        assertThat(recents)
                .containsExactly("none", "http://api.example/1", "http://api.example/2", "http://api.example/2");
    }

    @Test
    void aBatchsRequestsToOneServerShareOneOrigin() {
        List<Request> requests = Arrays.asList(
                Request.get("http://api.example/1"), Request.get("http://:bad"), Request.get("http://api.example/2"));
        List<Origin> origins = new ArrayList<>();

        new BatchCollector(
                null,
                null,
                requests,
                (r, recent) -> {
                    ExchangeSpec spec = spec(r, recent);
                    origins.add(spec.target().origin());
                    return spec;
                },
                false,
                null,
                0,
                new CompletableFuture<>());

        assertThat(origins).hasSize(2);
        assertThat(origins.get(1)).isSameAs(origins.get(0));
    }

    /** A check as the client's, but for the headers, body and timeout: an invalid URL throws. */
    private static ExchangeSpec spec(Request r, ExchangeSpec recent) {
        return new ExchangeSpec(
                Target.parse(r.url(), recent == null ? null : recent.target()), r.method(), List.of(), null, 1_000_000);
    }
}
