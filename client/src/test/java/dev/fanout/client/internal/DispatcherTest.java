package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.client.internal.Dispatcher.Offer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's decisions alone, with no loop, socket or clock: who starts at once, who
 * waits, in which order the waiting start as slots free, and what it refuses. Each test plays
 * the owner's part by hand: it offers, frees slots with {@code release}, and asks {@code next}.
 */
class DispatcherTest {

    private static final Origin A = new Origin("http", "a.example", 80);
    private static final Origin B = new Origin("http", "b.example", 80);
    private static final Origin C = new Origin("http", "c.example", 80);
    private static final Origin X = new Origin("http", "x.example", 80);

    /** A request as the dispatcher sees it: an origin, and whether it has ended. */
    private static final class Req implements Admittable {
        final String name;
        final Origin origin;
        boolean done;

        Req(String name, Origin origin) {
            this.name = name;
            this.origin = origin;
        }

        @Override
        public Origin origin() {
            return origin;
        }

        @Override
        public boolean isDone() {
            return done;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Offers {@code count} requests to {@code origin}, named prefix1, prefix2, …; returns the answers. */
    private static List<Offer> offerMany(Dispatcher<Req> d, String prefix, Origin origin, int count) {
        List<Offer> answers = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            answers.add(d.offer(new Req(prefix + i, origin)));
        }
        return answers;
    }

    /** Frees the slot {@code holder} held, then returns the names of what next() grants now. */
    private static List<String> releaseAndDrain(Dispatcher<Req> d, Origin holder) {
        d.release(holder);
        return drain(d);
    }

    private static List<String> drain(Dispatcher<Req> d) {
        List<String> granted = new ArrayList<>();
        for (Req r; (r = d.next()) != null; ) {
            granted.add(r.name);
        }
        return granted;
    }

    /**
     * Frees one slot at a time, always the one the last granted request holds, and returns the
     * order in which the waiting requests are granted (one per freed slot).
     */
    private static List<String> grantOrderOneSlotAtATime(Dispatcher<Req> d, Req first) {
        List<String> order = new ArrayList<>();
        Origin holder = first.origin;
        while (true) {
            d.release(holder);
            Req next = d.next();
            if (next == null) {
                return order;
            }
            assertThat(d.next()).as("one slot freed, one request granted").isNull();
            order.add(next.name);
            holder = next.origin;
        }
    }

    @Test
    void requestsStartUpToMaxInFlightAndTheRestWait() {
        Dispatcher<Req> d = new Dispatcher<>(3, 10, 100);

        List<Offer> answers = new ArrayList<>();
        for (Origin o : List.of(A, B, C, X, A)) {
            answers.add(d.offer(new Req("r", o)));
        }

        assertThat(answers).containsExactly(Offer.START, Offer.START, Offer.START, Offer.QUEUED, Offer.QUEUED);
        assertThat(d.inFlight()).isEqualTo(3);
        assertThat(d.queued()).isEqualTo(2);
        assertThat(d.next()).as("no slot is free").isNull();
    }

    @Test
    void theLimitPerHostHoldsWhileTheGlobalLimitHasRoom() {
        Dispatcher<Req> d = new Dispatcher<>(10, 2, 100);

        assertThat(offerMany(d, "a", A, 4)).containsExactly(Offer.START, Offer.START, Offer.QUEUED, Offer.QUEUED);
        assertThat(d.offer(new Req("b1", B))).isEqualTo(Offer.START);

        assertThat(d.next())
                .as("a's slots are all taken; 7 global slots are free")
                .isNull();
        assertThat(d.inFlight()).isEqualTo(3);
        assertThat(d.queued()).isEqualTo(2);

        assertThat(releaseAndDrain(d, B)).as("a slot to b does not serve a").isEmpty();
        assertThat(releaseAndDrain(d, A)).containsExactly("a3");
        assertThat(d.inFlight()).isEqualTo(2);
    }

    @Test
    void theWaitingRequestsOfOneOriginStartInTheOrderTheyCame() {
        Dispatcher<Req> d = new Dispatcher<>(10, 1, 100);
        Req first = new Req("a0", A);
        assertThat(d.offer(first)).isEqualTo(Offer.START);
        assertThat(offerMany(d, "a", A, 5)).containsOnly(Offer.QUEUED);

        assertThat(grantOrderOneSlotAtATime(d, first)).containsExactly("a1", "a2", "a3", "a4", "a5");
    }

    @Test
    void aBusyHostWithAHundredWaitingDoesNotStarveAHostWithOneWaiting() {
        Dispatcher<Req> d = new Dispatcher<>(1, 1000, 1000);
        Req holder = new Req("x1", X);
        assertThat(d.offer(holder)).isEqualTo(Offer.START);
        offerMany(d, "a", A, 100); // the busy host came first
        offerMany(d, "b", B, 1);

        List<String> order = grantOrderOneSlotAtATime(d, holder);

        List<String> expected = new ArrayList<>(List.of("a1", "b1"));
        for (int i = 2; i <= 100; i++) {
            expected.add("a" + i);
        }
        assertThat(order).containsExactlyElementsOf(expected);
    }

    @Test
    void originsWithWaitingRequestsAreServedInTurnOneRequestEach() {
        Dispatcher<Req> d = new Dispatcher<>(1, 1000, 1000);
        Req holder = new Req("x1", X);
        assertThat(d.offer(holder)).isEqualTo(Offer.START);
        offerMany(d, "a", A, 3);
        offerMany(d, "b", B, 2);
        offerMany(d, "c", C, 1);

        assertThat(grantOrderOneSlotAtATime(d, holder)).containsExactly("a1", "b1", "c1", "a2", "b2", "a3");
    }

    @Test
    void beyondMaxQueuedAnOfferIsRefusedAndNothingIsCounted() {
        Dispatcher<Req> d = new Dispatcher<>(1, 1, 2);
        assertThat(d.offer(new Req("x1", X))).isEqualTo(Offer.START);
        assertThat(d.offer(new Req("a1", A))).isEqualTo(Offer.QUEUED);
        assertThat(d.offer(new Req("x2", X))).isEqualTo(Offer.QUEUED);

        // Every further offer, to a known origin or a new one, is refused, and changes no count.
        for (int i = 0; i < 3; i++) {
            assertThat(d.offer(new Req("a", A))).isEqualTo(Offer.FULL);
            assertThat(d.offer(new Req("b", B))).isEqualTo(Offer.FULL);
            assertThat(d.inFlight()).isEqualTo(1);
            assertThat(d.queued()).isEqualTo(2);
            assertThat(d.origins()).as("x and a; b keeps no state").isEqualTo(2);
        }

        assertThat(releaseAndDrain(d, X)).containsExactly("a1");
        assertThat(d.queued()).isEqualTo(1);
        assertThat(d.offer(new Req("b1", B))).as("one place is free again").isEqualTo(Offer.QUEUED);
        assertThat(d.offer(new Req("b2", B))).isEqualTo(Offer.FULL);

        assertThat(releaseAndDrain(d, A)).containsExactly("x2");
        assertThat(releaseAndDrain(d, X)).containsExactly("b1");
        assertThat(releaseAndDrain(d, B)).isEmpty();
        assertThat(d.origins()).isZero();
    }

    @Test
    void aRequestThatEndedWhileItWaitedIsSkippedAndForgetKeepsTheCountsRight() {
        Dispatcher<Req> d = new Dispatcher<>(1, 10, 3);
        Req x1 = new Req("x1", X);
        Req a1 = new Req("a1", A);
        Req a2 = new Req("a2", A);
        Req a3 = new Req("a3", A);
        assertThat(d.offer(x1)).isEqualTo(Offer.START);
        assertThat(List.of(d.offer(a1), d.offer(a2), d.offer(a3))).containsOnly(Offer.QUEUED);
        assertThat(d.offer(new Req("full", B))).isEqualTo(Offer.FULL);

        a2.done = true;
        d.forget();
        assertThat(d.queued()).isEqualTo(2);
        assertThat(d.offer(new Req("b1", B))).as("a2's place is free again").isEqualTo(Offer.QUEUED);
        a1.done = true; // the head of its queue
        d.forget();
        assertThat(d.queued()).isEqualTo(2);

        // a's turn comes first (it queued first): a1 and a2 are skipped, a3 starts; then b1.
        assertThat(grantOrderOneSlotAtATime(d, x1)).containsExactly("a3", "b1");
        assertThat(d.queued()).isZero();
        assertThat(d.inFlight()).isZero();
        assertThat(d.origins()).isZero();
    }

    @Test
    void aRequestOfAnOriginWhoseOnlyWaitingRequestEndedStartsAtOnce() {
        Dispatcher<Req> d = new Dispatcher<>(1, 10, 10);
        assertThat(d.offer(new Req("x1", X))).isEqualTo(Offer.START);
        Req a1 = new Req("a1", A);
        assertThat(d.offer(a1)).isEqualTo(Offer.QUEUED);
        a1.done = true;
        d.forget();
        d.release(X);

        assertThat(d.offer(new Req("a2", A))).isEqualTo(Offer.START);
        assertThat(d.next()).isNull();
        assertThat(d.inFlight()).isEqualTo(1);
        assertThat(d.queued()).isZero();
    }

    @Test
    void theLimitPerHostHoldsWhenAWaitingRequestEndedBeforeItsOriginStartedAnother() {
        Dispatcher<Req> d = new Dispatcher<>(2, 1, 10);
        assertThat(d.offer(new Req("x1", X))).isEqualTo(Offer.START);
        assertThat(d.offer(new Req("b1", B))).isEqualTo(Offer.START);
        Req a1 = new Req("a1", A);
        assertThat(d.offer(a1)).isEqualTo(Offer.QUEUED); // a waits for a global slot
        a1.done = true;
        d.forget();
        d.release(X); // a global slot frees; a2 comes before the owner asks next()
        assertThat(d.offer(new Req("a2", A))).isEqualTo(Offer.START);
        assertThat(d.offer(new Req("a3", A))).as("a's one slot is a2's").isEqualTo(Offer.QUEUED);

        assertThat(releaseAndDrain(d, B))
                .as("a global slot is free, a's is not")
                .isEmpty();
        assertThat(d.inFlight()).isEqualTo(1);
        assertThat(releaseAndDrain(d, A)).containsExactly("a3");
        assertThat(releaseAndDrain(d, A)).isEmpty();
        assertThat(d.origins()).isZero();
    }

    @Test
    void aRequestOfferedWhileOthersOfItsOriginWaitIsQueuedEvenWhenASlotIsFree() {
        Dispatcher<Req> d = new Dispatcher<>(1, 10, 10);
        assertThat(d.offer(new Req("x1", X))).isEqualTo(Offer.START);
        assertThat(d.offer(new Req("a1", A))).isEqualTo(Offer.QUEUED);
        d.release(X); // the slot is free, and the owner has not asked next() yet

        assertThat(d.offer(new Req("a2", A))).isEqualTo(Offer.QUEUED);
        assertThat(d.inFlight()).isZero();
        assertThat(drain(d)).containsExactly("a1");
        assertThat(releaseAndDrain(d, A)).containsExactly("a2");
    }

    @Test
    void aClosedDispatcherRefusesOffersAndGrantsNothingMore() {
        Dispatcher<Req> d = new Dispatcher<>(1, 10, 10);
        assertThat(d.offer(new Req("x1", X))).isEqualTo(Offer.START);
        assertThat(d.offer(new Req("a1", A))).isEqualTo(Offer.QUEUED);

        d.close();

        assertThat(d.offer(new Req("a2", A))).isEqualTo(Offer.CLOSED);
        assertThat(d.offer(new Req("b1", B))).isEqualTo(Offer.CLOSED);
        d.release(X);
        assertThat(d.next()).as("a1 stays put, to be cancelled").isNull();
        assertThat(d.inFlight()).isZero();
        assertThat(d.queued()).isEqualTo(1);
    }

    @Test
    void noOriginStateIsLeftOnceEverythingIsReleased() {
        Dispatcher<Req> d = new Dispatcher<>(3, 2, 100);
        List<Req> started = new ArrayList<>();
        for (Origin o : List.of(A, A, B)) {
            Req r = new Req("s", o);
            assertThat(d.offer(r)).isEqualTo(Offer.START);
            started.add(r);
        }
        offerMany(d, "a", A, 3);
        offerMany(d, "c", C, 2);
        assertThat(d.origins()).isEqualTo(3);

        // Release every running request, starting what each grant brings, until nothing is left.
        List<Req> running = new ArrayList<>(started);
        int granted = 0;
        while (!running.isEmpty()) {
            Req done = running.remove(0);
            d.release(done.origin);
            for (Req r; (r = d.next()) != null; ) {
                running.add(r);
                granted++;
            }
        }

        assertThat(granted).isEqualTo(5);
        assertThat(d.inFlight()).isZero();
        assertThat(d.queued()).isZero();
        assertThat(d.origins()).isZero();
    }

    @Test
    void anOriginItsPaceHoldsWaitsUntilUnheldWhileOthersStart() {
        Dispatcher<Req> d = new Dispatcher<>(100, 100, 100);
        long[] waitForA = {0};
        d.pacer(origin -> {
            if (!origin.equals(A)) {
                return 0;
            }
            long wait = waitForA[0];
            waitForA[0] = 500; // after each start, the next one must wait
            return wait;
        });

        assertThat(d.offer(new Req("a1", A))).isEqualTo(Offer.START);
        assertThat(d.offer(new Req("a2", A))).isEqualTo(Offer.QUEUED);
        assertThat(d.shortestHold()).isEqualTo(500);
        assertThat(d.offer(new Req("b1", B))).isEqualTo(Offer.START);
        assertThat(d.next()).isNull();

        waitForA[0] = 0;
        d.unhold();
        Req granted = d.next();
        assertThat(granted).hasToString("a2");
        assertThat(d.shortestHold()).isEqualTo(-1);
        assertThat(d.queued()).isZero();
    }
}
