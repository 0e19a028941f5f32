package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the command prints for a request that failed: its phases, its reason. */
class FailedRequestOutputTest {

    private String refusedUrl;

    @BeforeEach
    void findAClosedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refusedUrl = "http://127.0.0.1:" + socket.getLocalPort() + "/refused";
        }
    }

    @Test
    void theJsonLineOfARefusedConnectHasItsConnectTime() throws IOException {
        CliRun run = CliRun.run("--json", refusedUrl);

        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode line = new ObjectMapper().readTree(run.lines().get(0));
        assertThat(line.get("error").asText()).isEqualTo("CONNECT");
        assertThat(line.get("timings").get("connect").asDouble()).isPositive();
        assertThat(line.get("timings").get("waiting").asDouble()).isZero();
    }

    @Test
    void theTableSaysWhyARequestFailed() {
        CliRun run = CliRun.run(refusedUrl);

        assertThat(run.exitCode()).isEqualTo(1);
        List<String> lines = run.lines();
        int row = lines.indexOf(lines.stream()
                .filter(l -> l.matches("\\s+0  .*CONNECT.*"))
                .findFirst()
                .orElseThrow());
        assertThat(lines.get(row + 1))
                .startsWith("     cannot connect to 127.0.0.1:")
                .endsWith(": connection refused");
    }

    @Test
    void aPasswordInTheUrlIsNeverPrinted() {
        String withPassword = refusedUrl.replace("http://", "http://alice:secret@");
        for (String[] args : List.of(new String[] {"-w", withPassword}, new String[] {"--json", withPassword})) {
            CliRun run = CliRun.run(args);

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out() + run.err()).doesNotContain("secret").contains("alice:****@");
        }
    }

    @Test
    void theWaterfallDrawsARefusedConnectAsConnectingNotWaiting() {
        CliRun run = CliRun.run("-w", refusedUrl);

        assertThat(run.exitCode()).isEqualTo(1);
        List<String> bars = run.lines().stream()
                .filter(l -> l.matches("\\s+0  .*\\|.*\\|.*"))
                .toList();
        assertThat(bars).hasSize(1);
        String bar =
                bars.get(0).substring(bars.get(0).indexOf('|') + 1, bars.get(0).lastIndexOf('|'));
        assertThat(bar).doesNotContain("=").contains("x");
    }
}
