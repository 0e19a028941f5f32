package dev.fanout.client;

import dev.fanout.loop.Loop;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;

/**
 * A batch's results as a {@link Flow.Publisher}, in completion order, with backpressure: each
 * subscriber gets every result of the batch (those that completed before it subscribed first),
 * no more at a time than it requested, then {@code onComplete}.
 *
 * <p>Every signal to a subscriber is sent on the loop thread, one at a time; {@code request}
 * and {@code cancel} may be called from any thread (they hop to the loop). A subscriber must not
 * block in its callbacks. Results wait in the subscription's buffer until requested: at most the
 * batch's size.
 */
final class BatchPublisher implements Flow.Publisher<Result> {

    private final Batch batch;
    private final Loop loop;

    BatchPublisher(Batch batch, Loop loop) {
        this.batch = batch;
        this.loop = loop;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super Result> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        Subscription subscription = new Subscription(subscriber);
        onLoop(() -> {
            loop.runNow("Flow.Subscriber onSubscribe", () -> subscriber.onSubscribe(subscription));
            batch.onResult(subscription::arrived);
        });
    }

    private void onLoop(Runnable task) {
        if (loop.inLoop()) {
            task.run();
        } else {
            try {
                loop.execute("fanout: publisher", task);
            } catch (RejectedExecutionException closed) {
                task.run(); // the loop is gone, so is every other thread that could touch this
            }
        }
    }

    /** One subscriber's state; loop-confined but for the entry points, which hop to the loop. */
    private final class Subscription implements Flow.Subscription {
        private final Flow.Subscriber<? super Result> subscriber;
        private final ArrayDeque<Result> buffered = new ArrayDeque<>();
        private long requested;
        private int delivered;
        private boolean done;

        Subscription(Flow.Subscriber<? super Result> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            onLoop(() -> {
                if (done) {
                    return;
                }
                if (n <= 0) {
                    done = true;
                    signal(() -> subscriber.onError(new IllegalArgumentException(
                            "request: " + n + " (expected: > 0, Reactive Streams rule 3.9)")));
                    return;
                }
                requested = requested + n < 0 ? Long.MAX_VALUE : requested + n;
                drain();
            });
        }

        @Override
        public void cancel() {
            onLoop(() -> {
                done = true;
                buffered.clear();
            });
        }

        void arrived(Result r) {
            if (!done) {
                buffered.add(r);
                drain();
            }
        }

        private void drain() {
            while (!done && requested > 0 && !buffered.isEmpty()) {
                Result r = buffered.poll();
                requested--;
                delivered++;
                signal(() -> subscriber.onNext(r));
            }
            if (!done && delivered == batch.size()) {
                done = true;
                signal(subscriber::onComplete);
            }
        }

        private void signal(Runnable call) {
            if (loop.inLoop()) {
                loop.runNow("Flow.Subscriber signal", call);
            } else {
                call.run();
            }
        }
    }
}
