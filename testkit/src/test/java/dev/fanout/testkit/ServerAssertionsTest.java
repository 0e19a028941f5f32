package dev.fanout.testkit;

import static dev.fanout.testkit.ServerAssertions.assertThatServer;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The server's assertions pass when it saw what they say, and fail with what it saw instead. */
class ServerAssertionsTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    @Test
    void assertionsPassWhenTheServerSawWhatTheySay(SlowEndpoints server) {
        List<String> urls = server.delayed(20, Duration.ofSeconds(1));
        Http.http1(server).getAll(urls);

        assertThatServer(server)
                .heldAtOnce(20)
                .heldAtLeast(20)
                .heldAtMost(20)
                .arrivedWithin(Duration.ofSeconds(1))
                .received(20)
                .received(urls.get(0), 1)
                .receivedEach(urls, 1);
    }

    @Test
    void assertionsFailWithWhatTheServerSawInstead(SlowEndpoints server) throws Exception {
        List<String> urls = server.delayed(3, Duration.ofMillis(1));
        Http http = Http.http1(server);
        http.get(urls.get(0));
        Thread.sleep(50); // one request after another: their arrivals are 50 ms apart at least
        http.get(urls.get(0));

        assertThatThrownBy(() -> assertThatServer(server).heldAtOnce(3))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("hold 3 requests at once at its peak, but it held 1");
        assertThatThrownBy(() -> assertThatServer(server).heldAtLeast(2)).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> assertThatServer(server).heldAtMost(0)).hasMessageContaining("at most 0");
        assertThatThrownBy(() -> assertThatServer(server).received(3))
                .hasMessageContaining("receive 3 requests, but it received 2");
        assertThatThrownBy(() -> assertThatServer(server).received(urls.get(0), 1))
                .hasMessageContaining("but it received 2");
        assertThatThrownBy(() -> assertThatServer(server).arrivedWithin(Duration.ofMillis(10)))
                .hasMessageContaining("within 10 ms of the first, but arrivals spread over");
        assertThatThrownBy(() -> assertThatServer(server).receivedEach(urls, 1))
                .hasMessageContaining("3 URLs, but 3 differ")
                .hasMessageContaining(urls.get(0) + " (2)");
    }
}
