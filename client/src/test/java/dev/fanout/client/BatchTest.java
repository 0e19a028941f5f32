package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Batch: results as they complete, late listeners, completion order, cancel. */
class BatchTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    private static FanoutClient client;

    @BeforeAll
    static void start() {
        client = FanoutClient.create();
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private static List<Request> delayed(SlowEndpoints server, long... millis) {
        List<Request> requests = new ArrayList<>();
        for (long ms : millis) {
            requests.add(Request.get(server.delayed(Duration.ofMillis(ms))));
        }
        return requests;
    }

    @Test
    void onResultSeesEachResultOnceInCompletionOrder(SlowEndpoints server) {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        Batch batch = client.startAll(delayed(server, 700, 10, 350));

        batch.onResult(r -> seen.add(r.index())).awaitAll();

        assertThat(batch.size()).isEqualTo(3);
        assertThat(seen).containsExactly(1, 2, 0);
    }

    @Test
    void aFinishedRequestLetsGoOfWhatItHeldWhileTheBatchRuns(SlowEndpoints server) throws Exception {
        // Each request's own listener: the client holds it while the request runs, and should
        // hold nothing of the request but its result once it has ended.
        List<WeakReference<EventListener>> listeners = new CopyOnWriteArrayList<>();
        EventListener.Factory perRequest = request -> {
            EventListener listener = new EventListener() {};
            listeners.add(new WeakReference<>(listener));
            return listener;
        };
        try (FanoutClient own =
                FanoutClient.builder().eventListenerFactory(perRequest).build()) {
            List<Request> requests = delayed(server, new long[20]);
            requests.add(Request.get(server.delayed(Duration.ofSeconds(30)))); // keeps the batch running
            Batch batch = own.startAll(requests);
            List<Result> done = new CopyOnWriteArrayList<>();
            batch.onResult(done::add);
            while (done.size() < 20) {
                Thread.sleep(5);
            }
            List<WeakReference<EventListener>> finished = listeners.subList(0, 20);
            for (int i = 0; i < 20 && finished.stream().anyMatch(l -> l.get() != null); i++) {
                System.gc();
                Thread.sleep(50);
            }

            assertThat(batch.future()).isNotDone();
            assertThat(finished).allSatisfy(l -> assertThat(l.get()).isNull());
            assertThat(listeners.get(20).get()).isNotNull(); // the running one's is still in use
        }
    }

    @Test
    void aLateListenerGetsTheEarlierResultsAtOnce(SlowEndpoints server) {
        Batch batch = client.startAll(delayed(server, 10, 20));
        batch.awaitAll();
        List<Integer> seen = new CopyOnWriteArrayList<>();

        batch.onResult(r -> seen.add(r.index()));
        client.send(Request.get(server.body(1))).join(); // a later task on the loop: the registration has run

        assertThat(seen).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void completionsYieldResultsAsTheyFinish(SlowEndpoints server) {
        Batch batch = client.startAll(delayed(server, 700, 10, 350));

        List<Integer> order = new ArrayList<>();
        for (Iterator<Result> it = batch.completions(); it.hasNext(); ) {
            order.add(it.next().index());
        }

        assertThat(order).containsExactly(1, 2, 0);
    }

    @Test
    void cancelKeepsTheResultsThatArrivedAndEndsTheRest(SlowEndpoints server) {
        Batch batch = client.startAll(List.of(Request.get(server.body(1)), Request.get(server.neverAnswers())));
        List<Result> firstOne = new CopyOnWriteArrayList<>();
        batch.onResult(firstOne::add);
        while (firstOne.isEmpty()) {
            Thread.onSpinWait();
        }

        batch.cancel();
        List<Result> results = batch.awaitAll();

        assertThat(results.get(0).ok()).isTrue();
        assertThat(results.get(1).error().kind()).isEqualTo(ErrorKind.CANCELLED);
    }

    @Test
    void theFutureHandedOutCannotBreakTheBatch(SlowEndpoints server) {
        Batch batch = client.startAll(delayed(server, 50));

        batch.future().cancel(true);
        batch.future().complete(List.of());

        assertThat(batch.awaitAll())
                .hasSize(1)
                .allSatisfy(r -> assertThat(r.ok()).isTrue());
    }

    @Test
    void anInterruptedAwaitCancelsTheBatchAndKeepsTheFlag(SlowEndpoints server) {
        Batch batch = client.startAll(List.of(Request.get(server.neverAnswers())));

        Thread.currentThread().interrupt();
        List<Result> results = batch.awaitAll();

        assertThat(Thread.interrupted()).isTrue();
        assertThat(results.get(0).error().kind()).isEqualTo(ErrorKind.CANCELLED);
    }
}
