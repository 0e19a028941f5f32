package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.loop.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A soak of one hostile case, run on demand: a server that sends a response's head and part of
 * its body, then resets the connection, {@code fanout.soak.rounds} times (3,000) over one client
 * on the default transport; every call must end CLOSED, none wait out its timeout. With Netty's
 * io_uring multishot POLL_ADD on, 16 of 3,000 calls ended TIMEOUT while two busy loops held both
 * cores; with it off, as {@link Transport} sets it, none (see
 * {@link Transport#IO_URING_MULTISHOT_POLL_PROPERTY}). Too slow and too dependent on load for
 * every run ({@link ProtocolFramingTest#aResetMidBodyIsClosed} is the one case there):
 *
 * <pre>
 * mvn -o test -pl client -Dtest=ResetSoakTest -Dfanout.soak=true [-Dfanout.soak.rounds=3000]
 * </pre>
 */
@EnabledIfSystemProperty(named = "fanout.soak", matches = "true")
class ResetSoakTest {

    @Test
    void everyResetMidBodyEndsClosed() throws Exception {
        int rounds = Integer.getInteger("fanout.soak.rounds", 3000);
        List<String> notClosed = new ArrayList<>();
        try (FanoutClient client =
                FanoutClient.builder().requestTimeout(Duration.ofSeconds(3)).build()) {
            for (int i = 0; i < rounds; i++) {
                try (RawServer server = new RawServer(c -> {
                    c.readRequest();
                    c.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part");
                    c.reset();
                })) {
                    Result r = client.fetchAll(List.of(server.url("/"))).get(0);
                    if (r.error() == null || r.error().kind() != ErrorKind.CLOSED) {
                        notClosed.add(i + ": "
                                + (r.error() == null ? "a response" : r.error().getMessage()));
                    }
                }
            }
        }
        System.out.println("ResetSoakTest: " + notClosed.size() + " of " + rounds + " not CLOSED");
        assertThat(notClosed).isEmpty();
    }
}
