package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.client.internal.ConnectionLog.CloseReason;
import dev.fanout.loop.Loop;
import dev.fanout.loop.ManualClock;
import dev.fanout.loop.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pool alone, over fake connections, on a loop whose clock only the test moves: which
 * connection it hands out, which it keeps, which it closes and why, when idle ones are evicted
 * (to the nanosecond), and how a connection with room for several exchanges (the HTTP/2 shape)
 * is shared. No socket and no sleep; the pool's methods run on the loop, as in the client.
 */
class ConnectionPoolTest {

    private static final Route A = Route.direct(new Origin("http", "a.example", 80));
    private static final Route B = Route.direct(new Origin("http", "b.example", 80));
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    private final ManualClock clock = new ManualClock();
    private final Loop loop =
            Loop.builder().name("connection-pool-loop").clock(clock).start();

    @AfterEach
    void stop() {
        loop.close();
    }

    /** A connection as the pool sees it: it stays open until closed, and records why it closed. */
    private static final class FakeConnection extends PooledConnection {
        final String name;
        final Route route;
        final int capacity;
        boolean open = true;
        final List<CloseReason> closeReasons = new ArrayList<>();

        FakeConnection(String name, Route route, int capacity) {
            this.name = name;
            this.route = route;
            this.capacity = capacity;
        }

        @Override
        Route route() {
            return route;
        }

        @Override
        boolean isOpen() {
            return open;
        }

        @Override
        int capacity() {
            return capacity;
        }

        @Override
        void close(CloseReason reason) {
            closeReasons.add(reason);
            open = false;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private ConnectionPool<FakeConnection> pool(int maxIdlePerHost) throws Exception {
        return onLoop(() -> new ConnectionPool<>(loop, maxIdlePerHost, IDLE_TIMEOUT));
    }

    /** Runs {@code task} on the loop, where the pool lives, and returns its result. */
    private <T> T onLoop(Callable<T> task) throws Exception {
        return loop.submit(task).get(Await.BOUND.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the loop, where the pool lives. */
    private void onLoop(Runnable task) throws Exception {
        onLoop(() -> {
            task.run();
            return null;
        });
    }

    /** Makes a connection, counted as carrying the exchange it was made for. */
    private FakeConnection adopted(ConnectionPool<FakeConnection> pool, String name, Route origin, int capacity)
            throws Exception {
        FakeConnection c = new FakeConnection(name, origin, capacity);
        onLoop(() -> pool.adopt(c));
        return c;
    }

    /** Makes a connection that carried one exchange and is now idle in the pool. */
    private FakeConnection idle(ConnectionPool<FakeConnection> pool, String name, Route origin) throws Exception {
        FakeConnection c = adopted(pool, name, origin, 1);
        onLoop(() -> pool.release(c, true));
        return c;
    }

    /** Returns how many timers the loop fires while the clock advances by {@code amount}. */
    private long timersFiredDuring(Duration amount) throws Exception {
        // Read on the loop, the count is exact: every task before the reading one has finished.
        long before = onLoop(() -> loop.stats().tasksRun());
        clock.advance(amount);
        long after = onLoop(() -> loop.stats().tasksRun());
        return after - before - 2; // the first reading task and the advance's own task
    }

    @Test
    void anEmptyPoolHasNothingToHandOut() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(5);

        assertThat(onLoop(() -> pool.acquire(A))).isNull();
        assertThat(pool.idleCount()).isZero();
        assertThat(onLoop(() -> pool.listedCount(A))).isZero();
    }

    @Test
    void aConnectionReleasedAsReusableIsHandedOutAgainToItsOriginOnly() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(5);
        FakeConnection c = adopted(pool, "c", A, 1);
        assertThat(onLoop(() -> pool.listedCount(A)))
                .as("no room while it carries one")
                .isZero();

        onLoop(() -> pool.release(c, true));
        assertThat(pool.idleCount()).isEqualTo(1);

        assertThat(onLoop(() -> pool.acquire(B))).isNull();
        assertThat(onLoop(() -> pool.acquire(A))).isSameAs(c);
        assertThat(pool.idleCount()).isZero();
        assertThat(onLoop(() -> pool.acquire(A))).as("it carries one again").isNull();
        assertThat(c.closeReasons).isEmpty();
    }

    @Test
    void theMostRecentlyReleasedConnectionIsHandedOutFirst() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(5);
        FakeConnection first = adopted(pool, "first", A, 1);
        FakeConnection second = adopted(pool, "second", A, 1);
        onLoop(() -> pool.release(first, true));
        onLoop(() -> pool.release(second, true));

        assertThat(onLoop(() -> pool.acquire(A))).isSameAs(second);
        onLoop(() -> pool.release(second, true));
        assertThat(onLoop(() -> pool.acquire(A)))
                .as("released again: the most recent once more")
                .isSameAs(second);
        assertThat(onLoop(() -> pool.acquire(A))).isSameAs(first);
        assertThat(onLoop(() -> pool.acquire(A))).isNull();
        assertThat(pool.idleCount()).isZero();
    }

    @Test
    void aConnectionThatClosedWhileListedIsForgottenAtOnce() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(5);
        FakeConnection c = idle(pool, "c", A);

        onLoop(() -> {
            c.open = false; // the server closed it
            pool.closed(c);
        });

        assertThat(pool.idleCount()).isZero();
        assertThat(onLoop(() -> pool.listedCount(A))).isZero();
        assertThat(onLoop(() -> pool.acquire(A))).isNull();
    }

    @Test
    void aConnectionFoundClosedWhenAcquiredIsSkippedAndClosed() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(5);
        FakeConnection older = idle(pool, "older", A);
        FakeConnection newer = idle(pool, "newer", A);
        newer.open = false; // closed, and the pool not told yet

        assertThat(onLoop(() -> pool.acquire(A))).isSameAs(older);
        assertThat(newer.closeReasons).hasSize(1);
        assertThat(pool.idleCount()).isZero();
        assertThat(onLoop(() -> pool.listedCount(A))).isZero();
        assertThat(onLoop(() -> pool.acquire(A))).isNull();
    }

    @Test
    void aConnectionReleasedAsNotReusableIsClosed() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(5);
        FakeConnection c = adopted(pool, "c", A, 1);

        onLoop(() -> pool.release(c, false));

        assertThat(c.closeReasons).containsExactly(CloseReason.NOT_REUSABLE);
        assertThat(pool.idleCount()).isZero();
        assertThat(onLoop(() -> pool.acquire(A))).isNull();
    }

    @Test
    void beyondMaxIdlePerHostAReleasedConnectionIsClosedAsPoolFull() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(2);
        FakeConnection a1 = adopted(pool, "a1", A, 1);
        FakeConnection a2 = adopted(pool, "a2", A, 1);
        FakeConnection a3 = adopted(pool, "a3", A, 1);
        FakeConnection b1 = adopted(pool, "b1", B, 1);

        onLoop(() -> {
            pool.release(a1, true);
            pool.release(a2, true);
            pool.release(a3, true);
            pool.release(b1, true); // the limit is per origin
        });

        assertThat(a3.closeReasons).containsExactly(CloseReason.POOL_FULL);
        assertThat(List.of(a1, a2, b1))
                .allSatisfy(c -> assertThat(c.closeReasons).isEmpty());
        assertThat(pool.idleCount()).isEqualTo(3);
        assertThat(onLoop(() -> pool.listedCount(A))).isEqualTo(2);
        assertThat(onLoop(() -> pool.listedCount(B))).isEqualTo(1);
    }

    @Test
    void anIdleConnectionIsEvictedExactlyWhenItHasBeenIdleForTheIdleTimeout() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(5);
        FakeConnection c = idle(pool, "c", A);

        clock.advance(IDLE_TIMEOUT.minusNanos(1));
        assertThat(c.closeReasons).as("a nanosecond before").isEmpty();
        assertThat(pool.idleCount()).isEqualTo(1);

        clock.advance(Duration.ofNanos(1));
        assertThat(c.closeReasons).containsExactly(CloseReason.IDLE_TIMEOUT);
        assertThat(pool.idleCount()).isZero();
        assertThat(onLoop(() -> pool.listedCount(A))).isZero();
        assertThat(onLoop(() -> pool.acquire(A))).isNull();
    }

    @Test
    void theEvictionTimerIsArmedAgainForTheNextConnectionDue() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(5);
        FakeConnection early = idle(pool, "early", A);
        clock.advance(Duration.ofSeconds(10));
        FakeConnection late = idle(pool, "late", B);

        clock.advance(IDLE_TIMEOUT.minusSeconds(10));
        assertThat(early.closeReasons).containsExactly(CloseReason.IDLE_TIMEOUT);
        assertThat(late.closeReasons).isEmpty();
        assertThat(pool.idleCount()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(10).minusNanos(1));
        assertThat(late.closeReasons).isEmpty();
        clock.advance(Duration.ofNanos(1));
        assertThat(late.closeReasons).containsExactly(CloseReason.IDLE_TIMEOUT);
        assertThat(pool.idleCount()).isZero();
    }

    @Test
    void aConnectionReusedBeforeItsTimeoutIsEvictedOnlyAnIdleTimeoutAfterItsLastRelease() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(5);
        FakeConnection c = idle(pool, "c", A);
        clock.advance(Duration.ofSeconds(10));
        assertThat(onLoop(() -> pool.acquire(A))).isSameAs(c);
        clock.advance(Duration.ofSeconds(10));
        onLoop(() -> pool.release(c, true));

        clock.advance(IDLE_TIMEOUT.minusNanos(1));
        assertThat(c.closeReasons).isEmpty();
        clock.advance(Duration.ofNanos(1));
        assertThat(c.closeReasons).containsExactly(CloseReason.IDLE_TIMEOUT);
    }

    @Test
    void theEvictionTimerStopsWhileNothingIsIdleAndStartsAgainWithTheNextIdleConnection() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(5);
        FakeConnection c = idle(pool, "c", A);
        clock.advance(Duration.ofSeconds(1));
        assertThat(onLoop(() -> pool.acquire(A))).isSameAs(c); // nothing is idle now

        assertThat(timersFiredDuring(IDLE_TIMEOUT))
                .as("the timer armed while c was idle")
                .isEqualTo(1);
        assertThat(timersFiredDuring(IDLE_TIMEOUT.multipliedBy(10))).isZero();
        assertThat(c.closeReasons).isEmpty();

        onLoop(() -> pool.release(c, true));
        clock.advance(IDLE_TIMEOUT.minusNanos(1));
        assertThat(c.closeReasons).isEmpty();
        clock.advance(Duration.ofNanos(1));
        assertThat(c.closeReasons).containsExactly(CloseReason.IDLE_TIMEOUT);
        assertThat(timersFiredDuring(IDLE_TIMEOUT.multipliedBy(10))).isZero();
    }

    @Test
    void aConnectionWithRoomForThreeIsSharedByThreeAcquiresNotFour() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(5);
        FakeConnection c = adopted(pool, "shared", A, 3);
        assertThat(onLoop(() -> pool.listedCount(A))).as("room for two more").isEqualTo(1);
        assertThat(pool.idleCount()).isZero();

        assertThat(onLoop(() -> pool.acquire(A))).isSameAs(c);
        assertThat(onLoop(() -> pool.listedCount(A))).isEqualTo(1);
        assertThat(onLoop(() -> pool.acquire(A))).isSameAs(c);
        assertThat(onLoop(() -> pool.listedCount(A))).as("full").isZero();
        assertThat(onLoop(() -> pool.acquire(A))).isNull();

        onLoop(() -> pool.release(c, true));
        assertThat(onLoop(() -> pool.listedCount(A))).as("room again").isEqualTo(1);
        assertThat(pool.idleCount()).isZero();
        assertThat(onLoop(() -> pool.acquire(A))).isSameAs(c);
        assertThat(onLoop(() -> pool.acquire(A))).isNull();
        assertThat(c.closeReasons).isEmpty();
    }

    @Test
    void aSharedConnectionIsIdleOnlyOnceItCarriesNothing() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(1);
        FakeConnection c = adopted(pool, "shared", A, 3);
        assertThat(onLoop(() -> pool.acquire(A))).isSameAs(c);
        assertThat(onLoop(() -> pool.acquire(A))).isSameAs(c);

        onLoop(() -> pool.release(c, true));
        onLoop(() -> pool.release(c, true));
        assertThat(pool.idleCount()).isZero();
        onLoop(() -> pool.release(c, true));

        assertThat(c.closeReasons).as("the one idle connection of its origin").isEmpty();
        assertThat(pool.idleCount()).isEqualTo(1);
        assertThat(onLoop(() -> pool.listedCount(A))).isEqualTo(1);
        assertThat(onLoop(() -> pool.acquire(A))).isSameAs(c);
        assertThat(pool.idleCount()).isZero();

        onLoop(() -> pool.release(c, true));
        clock.advance(IDLE_TIMEOUT);
        assertThat(c.closeReasons).containsExactly(CloseReason.IDLE_TIMEOUT);
        assertThat(pool.idleCount()).isZero();
        assertThat(onLoop(() -> pool.listedCount(A))).isZero();
    }

    @Test
    void aSharedConnectionThatCannotBeReusedIsClosedAndCountsStayRight() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(5);
        FakeConnection closedAfterUse = adopted(pool, "not-reusable", A, 3);
        FakeConnection failed = adopted(pool, "failed", B, 3);
        FakeConnection keeper = idle(pool, "keeper", A);

        onLoop(() -> pool.release(closedAfterUse, false));
        onLoop(() -> pool.discard(failed, CloseReason.ERROR));

        assertThat(closedAfterUse.closeReasons).containsExactly(CloseReason.NOT_REUSABLE);
        assertThat(failed.closeReasons).containsExactly(CloseReason.ERROR);
        assertThat(pool.idleCount()).as("keeper only").isEqualTo(1);
        assertThat(onLoop(() -> pool.listedCount(A))).isEqualTo(1);
        assertThat(onLoop(() -> pool.listedCount(B))).isZero();
        assertThat(onLoop(() -> pool.acquire(A))).isSameAs(keeper);
        assertThat(pool.idleCount()).isZero();
    }

    @Test
    void aDiscardedConnectionIsClosedForTheGivenReasonAndNotHandedOut() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(5);
        FakeConnection stale = idle(pool, "stale", A);
        FakeConnection other = idle(pool, "other", A);
        assertThat(onLoop(() -> pool.acquire(A))).isSameAs(other);
        assertThat(onLoop(() -> pool.acquire(A))).isSameAs(stale);

        onLoop(() -> pool.discard(stale, CloseReason.STALE));
        onLoop(() -> pool.release(other, true));

        assertThat(stale.closeReasons).containsExactly(CloseReason.STALE);
        assertThat(pool.idleCount()).isEqualTo(1);
        assertThat(onLoop(() -> pool.acquire(A))).isSameAs(other);
        assertThat(onLoop(() -> pool.acquire(A))).isNull();
    }

    @Test
    void aClosedPoolClosesItsIdleConnectionsPieceByPieceAndThoseInUseAsTheyComeBack() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(10);
        List<FakeConnection> idleOnes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            idleOnes.add(idle(pool, "idle" + i, i % 2 == 0 ? A : B));
        }
        FakeConnection inUse = adopted(pool, "in-use", A, 1);
        FakeConnection shared = adopted(pool, "shared", B, 3);

        onLoop(pool::close);
        int calls = 0;
        int closedBefore = 0;
        boolean done = false;
        while (!done) {
            done = onLoop(() -> pool.closeSome(new TaskBudget(2)));
            calls++;
            int closedNow = (int)
                    idleOnes.stream().filter(c -> !c.closeReasons.isEmpty()).count();
            // A budget of two items: at most two listed connections a call (at least one).
            assertThat(closedNow - closedBefore).isBetween(0, 2);
            closedBefore = closedNow;
            assertThat(calls).as("closeSome keeps making progress").isLessThanOrEqualTo(6);
        }

        assertThat(calls).as("6 listed connections, 2 a call at most").isGreaterThanOrEqualTo(3);
        assertThat(idleOnes).allSatisfy(c -> assertThat(c.closeReasons).containsExactly(CloseReason.CLIENT_CLOSE));
        assertThat(pool.idleCount()).isZero();
        assertThat(shared.closeReasons).as("it still carries an exchange").isEmpty();
        assertThat(inUse.closeReasons).isEmpty();

        onLoop(() -> pool.release(inUse, true));
        onLoop(() -> pool.release(shared, true));
        assertThat(inUse.closeReasons).containsExactly(CloseReason.CLIENT_CLOSE);
        assertThat(shared.closeReasons).containsExactly(CloseReason.CLIENT_CLOSE);
        assertThat(pool.idleCount()).isZero();
        assertThat(timersFiredDuring(IDLE_TIMEOUT.multipliedBy(2)))
                .as("no eviction after close")
                .isZero();
    }

    @Test
    void aRouteWhoseOnlyConnectionIsOutKeepsItsListUntilThatConnectionIsGone() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(5);
        FakeConnection c = idle(pool, "c", A);

        for (int i = 0; i < 3; i++) { // what a keep-alive connection does between exchanges
            assertThat(onLoop(() -> pool.acquire(A))).isSameAs(c);
            assertThat(onLoop(pool::routesKept)).as("kept while c is out").isEqualTo(1);
            assertThat(onLoop(() -> pool.listedCount(A))).isZero();
            onLoop(() -> pool.release(c, true));
            assertThat(onLoop(() -> pool.listedCount(A))).isEqualTo(1);
        }

        assertThat(onLoop(() -> pool.acquire(A))).isSameAs(c);
        onLoop(() -> pool.release(c, false)); // it cannot carry another
        assertThat(c.closeReasons).containsExactly(CloseReason.NOT_REUSABLE);
        assertThat(onLoop(pool::routesKept))
                .as("forgotten with its last connection")
                .isZero();
        assertThat(onLoop(() -> pool.acquire(A))).isNull();
    }

    @Test
    void manyRoutesUsedOnceEachLeaveNothingBehind() throws Exception {
        ConnectionPool<FakeConnection> pool = pool(5);
        for (int i = 0; i < 100; i++) {
            Route route = Route.direct(new Origin("http", "host" + i + ".example", 80));
            FakeConnection c = idle(pool, "c" + i, route);
            assertThat(onLoop(() -> pool.acquire(route))).isSameAs(c);
            onLoop(() -> pool.discard(c, CloseReason.NOT_REUSABLE));
        }
        assertThat(onLoop(pool::routesKept)).isZero();
        assertThat(onLoop(() -> pool.acquire(A))).isNull();
        assertThat(onLoop(pool::routesKept))
                .as("a route with no list gets none by asking")
                .isZero();
    }
}
