package dev.fanout.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** HostileServer's URL factories: the path each makes, and the arguments each refuses, saying why. */
class HostileServerArgumentsTest {

    private final HostileServer server = HostileServer.start();

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void eachUrlIsDistinctAndNamesItsBehaviourAndParameters() {
        String base = server.baseUrl();

        assertThat(base).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(server.trickle(100, 10, Duration.ofMillis(50))).isEqualTo(base + "/trickle/100/10/50/1");
        assertThat(server.trickle(100, 10, Duration.ofMillis(50))).isEqualTo(base + "/trickle/100/10/50/2");
        assertThat(server.interimResponses()).isEqualTo(base + "/interim/100/103/3");
        assertThat(server.h2ResetStream(7)).isEqualTo(base + "/h2/reset-stream/7/4");
        assertThat(server.url("/silence/x")).isEqualTo(base + "/silence/x");
    }

    @Test
    void badArgumentsAreRefusedWithWhatWasExpected() {
        assertThatThrownBy(() -> server.endlessHeaders(0)).hasMessage("capBytes: 0 (expected: > 0)");
        assertThatThrownBy(() -> server.bodyWithoutEnd(10, 10)).hasMessage("sent: 10 (expected: < 10)");
        assertThatThrownBy(() -> server.trickle(10, 0, Duration.ofMillis(1)))
                .hasMessage("chunkBytes: 0 (expected: > 0)");
        assertThatThrownBy(() -> server.closeWhenIdle(Duration.ofMillis(-1)))
                .hasMessage("idle: PT-0.001S (expected: >= 0)");
        assertThatThrownBy(() -> server.interimResponses(101)).hasMessage("code: 101 (expected: 1xx, not 101)");
        assertThatThrownBy(() -> server.interimResponses(200)).hasMessage("code: 200 (expected: 1xx, not 101)");
        assertThatThrownBy(() -> server.gzipBomb(-1)).hasMessage("inflatedBytes: -1 (expected: >= 0)");
        assertThatThrownBy(() -> server.closeAfterRequests(0)).hasMessage("n: 0 (expected: > 0)");
        assertThatThrownBy(() -> server.url("silence")).hasMessage("path: silence (expected: starting with /)");
    }
}
