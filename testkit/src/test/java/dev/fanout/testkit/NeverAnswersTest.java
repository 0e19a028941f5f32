package dev.fanout.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.loop.testing.Await;
import dev.fanout.loop.testing.LogCapture;
import java.net.SocketException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A never-answering URL holds its request past the client's timeout, until the server closes. */
class NeverAnswersTest {

    // A close with requests held: WireMock's executor, already shut down, refuses their next step and
    // Jetty warns of it. Captured, out of the build's output.
    @RegisterExtension
    final LogCapture closingWarnings =
            LogCapture.of("org.eclipse.jetty.server.HttpChannel").capturedOnly();

    @RegisterExtension
    final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    @Test
    void neverAnsweringUrlOutlastsTheClientsTimeoutAndStaysHeld(SlowEndpoints server) {
        String never = server.neverAnswers();
        Http http = Http.http1(server);

        assertThatThrownBy(() -> http.get(never, Duration.ofMillis(300))).isInstanceOf(HttpTimeoutException.class);
        http.getAll(server.delayed(3, Duration.ofMillis(500)));

        assertThat(server.requestCount(never)).isEqualTo(1);
        // The unanswered request is still held while the later ones come and go.
        assertThat(server.peakInFlight()).isEqualTo(4);
    }

    @Test
    void closingTheServerDropsTheHeldConnection(SlowEndpoints server) throws Exception {
        try (RawHttp raw = RawHttp.get(server.neverAnswers())) {
            awaitRequests(server, 1);

            server.close();

            String received;
            try {
                received = raw.readToEnd();
            } catch (SocketException reset) {
                received = "";
            }
            assertThat(received).doesNotStartWith("HTTP/1.1 200");
            assertThat(server.wireMock().isRunning()).isFalse();
        }
    }

    private static void awaitRequests(SlowEndpoints server, int n) throws InterruptedException {
        int count = Await.value(server::requestCount, c -> c >= n);
        assertThat(count).isEqualTo(n);
    }
}
