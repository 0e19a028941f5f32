package dev.fanout.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.loop.testing.Await;
import dev.fanout.loop.testing.LiveThreads;
import dev.fanout.loop.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** close() stops the server and its threads, with requests still held, and may be called twice. */
class CloseTest {

    // A close with requests held: WireMock's executor, already shut down, refuses their next step and
    // Jetty warns of it. Captured, out of the build's output.
    @RegisterExtension
    final LogCapture closingWarnings =
            LogCapture.of("org.eclipse.jetty.server.HttpChannel").capturedOnly();

    @Test
    void closeLeavesNoThreadBehindEvenWithRequestsStillHeld() throws Exception {
        Set<Thread> before = LiveThreads.snapshot();
        SlowEndpoints server = SlowEndpoints.start();
        // Raw sockets: the client side starts no thread of its own.
        List<RawHttp> held = List.of(
                RawHttp.get(server.neverAnswers()),
                RawHttp.get(server.delayed(Duration.ofHours(1))),
                RawHttp.get(server.slowBody(100, 100, Duration.ofHours(1))));
        awaitRequests(server, 3);

        server.close();

        assertThat(Await.value(() -> LiveThreads.namesBut(before), List::isEmpty))
                .isEmpty();
        for (RawHttp connection : held) {
            connection.close();
        }
    }

    @Test
    void closeIsIdempotent() {
        SlowEndpoints server = SlowEndpoints.start();

        server.close();
        server.close();

        assertThat(server.wireMock().isRunning()).isFalse();
    }

    private static void awaitRequests(SlowEndpoints server, int n) throws InterruptedException {
        int count = Await.value(server::requestCount, c -> c >= n);
        assertThat(count).isEqualTo(n);
    }
}
