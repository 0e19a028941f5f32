package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Batch.publisher(): results as they complete, never more than requested. */
class PublisherTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    /** Requests one result at a time, and records what it got. */
    static final class OneAtATime implements Flow.Subscriber<Result> {
        final List<Integer> indexes = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> completed = new CompletableFuture<>();
        volatile Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(Result r) {
            indexes.add(r.index());
        }

        @Override
        public void onError(Throwable t) {
            completed.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            completed.complete(null);
        }
    }

    @Test
    void aSubscriberGetsNoMoreThanItRequestsThenEverythingThenComplete(SlowEndpoints server) throws Exception {
        try (FanoutClient client = FanoutClient.create()) {
            Batch batch = client.startAll(server.delayed(5, Duration.ofMillis(30)).stream()
                    .map(Request::get)
                    .toList());
            OneAtATime subscriber = new OneAtATime();

            batch.publisher().subscribe(subscriber);
            batch.awaitAll();
            client.send(Request.get(server.body(1))).join(); // the loop has delivered what it could

            assertThat(subscriber.indexes).hasSize(1);
            assertThat(subscriber.completed).isNotDone();

            subscriber.subscription.request(Long.MAX_VALUE);
            subscriber.completed.get(5, TimeUnit.SECONDS);
            assertThat(subscriber.indexes).hasSize(5).doesNotHaveDuplicates();
        }
    }
}
