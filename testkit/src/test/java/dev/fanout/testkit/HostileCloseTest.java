package dev.fanout.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.loop.testing.Await;
import dev.fanout.loop.testing.LiveThreads;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** close() closes every hostile connection, whatever it is doing, and ends the server's thread. */
class HostileCloseTest {

    @Test
    void closeLeavesNoThreadNorConnectionBehind() throws Exception {
        Set<Thread> before = LiveThreads.snapshot();
        HostileServer server = HostileServer.start();
        assertThat(LiveThreads.namesBut(before)).singleElement().asString().startsWith("fanout-hostile-server-");
        // Raw sockets: the client side starts no thread of its own. None of them reads, so
        // the endless headers and the gzip bomb fill the socket buffers and wait.
        List<RawHttp> held = List.of(
                RawHttp.get(server.silence()),
                RawHttp.get(server.trickle(1_000, 1, Duration.ofMillis(10))),
                RawHttp.get(server.endlessHeaders(1 << 30)),
                RawHttp.get(server.gzipBomb(1L << 40)),
                RawHttp.get(server.bodyWithoutEnd(1_000, 10)),
                RawHttp.get(server.closeWhenIdle(Duration.ofHours(1))));
        Await.until("every request read", () -> server.requestsRead() == held.size());
        assertThat(server.openConnections()).isEqualTo(held.size());

        server.close();

        assertThat(Await.value(() -> LiveThreads.namesBut(before), List::isEmpty))
                .isEmpty();
        for (RawHttp connection : held) {
            assertThat(endOf(connection)).isTrue();
            connection.close();
        }
        assertThat(server.openConnections()).isZero();
    }

    @Test
    void closeEndsH2ConnectionsWithStreamsStillOpen() throws Exception {
        HostileServer server = HostileServer.start();
        try (RawH2 h2 = RawH2.priorKnowledge(server.baseUrl())) {
            RawH2.Exchange stalled = h2.open(server.h2StallBody(100), 0);
            RawH2.Exchange silent = h2.open(server.h2StallWindow(), 0);
            stalled.status().get(10, TimeUnit.SECONDS);
            Await.until("both streams read", () -> server.requestsRead() == 2);

            server.close();

            assertThat(stalled.answer())
                    .failsWithin(Await.BOUND); // a GOAWAY from the codec as it closes, then the close
            assertThat(silent.answer())
                    .failsWithin(Await.BOUND); // a GOAWAY from the codec as it closes, then the close
            assertThat(server.openConnections()).isZero();
        }
    }

    @Test
    void oneThreadHoldsFiveHundredSilentRequestsAndCloseEndsThemAll() throws Exception {
        Set<Thread> before = LiveThreads.snapshot();
        HostileServer server = HostileServer.start();
        List<RawHttp> held = new ArrayList<>();
        try {
            for (int i = 0; i < 500; i++) {
                held.add(RawHttp.get(server.silence()));
            }
            Await.until("500 requests read", () -> server.requestsRead() == 500);

            assertThat(server.connectionsAccepted()).isEqualTo(500);
            assertThat(server.openConnections()).isEqualTo(500);
            assertThat(LiveThreads.namesBut(before)).singleElement().asString().startsWith("fanout-hostile-server-");
            server.close();

            for (RawHttp connection : held) {
                assertThat(endOf(connection)).isTrue();
            }
            assertThat(Await.value(() -> LiveThreads.namesBut(before), List::isEmpty))
                    .isEmpty();
        } finally {
            server.close();
            for (RawHttp connection : held) {
                connection.close();
            }
        }
    }

    @Test
    void closeIsIdempotent() {
        HostileServer server = HostileServer.start();

        server.close();
        server.close();

        assertThat(server.openConnections()).isZero();
    }

    /** Reads to the end of the stream: true once it ends, by a FIN or a reset. */
    private static boolean endOf(RawHttp connection) throws IOException {
        try {
            connection.in().transferTo(OutputStream.nullOutputStream());
            return true;
        } catch (SocketException reset) {
            return true;
        }
    }
}
