package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.fanout.loop.testing.Await;
import dev.fanout.loop.testing.LogCapture;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * At DEBUG, the client logs each connection's open (with its setup times), reuse and close (with
 * the reason), and each redirect; URLs without their password. At INFO it logs none of these.
 */
class DebugLogTest {

    // Captured only: the DEBUG lines stay out of the build's output.
    @RegisterExtension
    final LogCapture logged =
            LogCapture.of("dev.fanout.client").atLevel(Level.DEBUG).capturedOnly();

    private List<String> lines(String startingWith) {
        return logged.messages().stream()
                .filter(m -> m.startsWith(startingWith))
                .toList();
    }

    private List<String> awaitLines(String startingWith) throws InterruptedException {
        return Await.value(() -> lines(startingWith), lines -> !lines.isEmpty());
    }

    @Test
    void opensReusesRedirectsAndClosesAreLoggedWithoutThePassword() throws IOException {
        try (RawServer server = new RawServer(c -> {
            c.readRequest();
            c.write("HTTP/1.1 302 Found\r\nLocation: /end\r\nContent-Length: 0\r\n\r\n");
            c.readRequest();
            c.write(RawServer.ok("ok"));
            c.readRequest();
        })) {
            String url = server.url("/start").replace("http://", "http://alice:secret@");
            try (FanoutClient client = FanoutClient.create()) {
                assertThat(client.fetchAll(List.of(url)).get(0).ok()).isTrue();
            }
            String origin = server.url("");

            assertThat(lines("open "))
                    .singleElement()
                    .asString()
                    .startsWith("open " + origin + " 127.0.0.1:")
                    .contains("-> 127.0.0.1:" + server.port() + " http/1.1 ")
                    .containsPattern("dns \\d+\\.\\d ms, connect \\d+\\.\\d ms, tls 0\\.0 ms");
            assertThat(lines("redirect "))
                    .containsExactly("redirect 302 " + url.replace("secret", "****") + " -> "
                            + server.url("/end").replace("http://", "http://alice:****@"));
            assertThat(lines("reuse "))
                    .singleElement()
                    .asString()
                    .startsWith("reuse " + origin)
                    .endsWith("(request 2 on it)");
            assertThat(lines("close "))
                    .singleElement()
                    .asString()
                    .startsWith("close " + origin)
                    .endsWith("(client closed) after 2 request(s)");
            assertThat(logged.messages()).allSatisfy(m -> assertThat(m).doesNotContain("secret"));
        }
    }

    @Test
    void aCloseByTheServerAndAnIdleTimeoutSaySo() throws Exception {
        try (RawServer closing = new RawServer(c -> {
                    c.readRequest();
                    c.write(RawServer.ok("bye"));
                    // and the socket closes: the server closed an idle keep-alive connection
                });
                RawServer keeping = new RawServer(c -> {
                    c.readRequest();
                    c.write(RawServer.ok("stay"));
                    c.readRequest();
                });
                FanoutClient client = FanoutClient.builder()
                        .idleTimeout(Duration.ofMillis(200))
                        .build()) {
            client.fetchAll(List.of(closing.url("/"), keeping.url("/")));

            assertThat(awaitLines("close " + closing.url("")))
                    .singleElement()
                    .asString()
                    .contains("(closed by the server)");
            assertThat(awaitLines("close " + keeping.url("")))
                    .singleElement()
                    .asString()
                    .contains("(idle timeout)");
        }
    }

    @Test
    void nothingIsLoggedAtInfo() throws IOException {
        logged.setLevel(Level.INFO);
        try (RawServer server = new RawServer(c -> {
                    c.readRequest();
                    c.write(RawServer.ok("ok"));
                    c.readRequest();
                });
                FanoutClient client = FanoutClient.create()) {
            assertThat(client.fetchAll(List.of(server.url("/"))).get(0).ok()).isTrue();
        }
        assertThat(logged.events()).isEmpty();
    }
}
