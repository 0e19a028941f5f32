package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * At DEBUG, the client logs each connection's open (with its setup times), reuse and close (with
 * the reason), and each redirect; URLs without their password. At INFO it logs none of these.
 */
class DebugLogTest {

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger clientLogger = (Logger) LoggerFactory.getLogger("dev.fanout.client");
    private Level levelBefore;

    @BeforeEach
    void listen() {
        levelBefore = clientLogger.getLevel();
        clientLogger.setLevel(Level.DEBUG);
        logged.start();
        clientLogger.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        clientLogger.detachAppender(logged);
        clientLogger.setLevel(levelBefore);
    }

    private List<String> lines(String startingWith) {
        return logged.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith(startingWith))
                .toList();
    }

    private List<String> awaitLines(String startingWith) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (lines(startingWith).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return lines(startingWith);
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

            assertThat(lines("open ")).singleElement().asString().startsWith("open " + origin + " 127.0.0.1:")
                    .contains("-> 127.0.0.1:" + server.port() + " ").containsPattern("dns \\d+\\.\\d ms, connect \\d+\\.\\d ms, tls 0\\.0 ms");
            assertThat(lines("redirect ")).containsExactly("redirect 302 " + url.replace("secret", "****") + " -> "
                    + server.url("/end").replace("http://", "http://alice:****@"));
            assertThat(lines("reuse ")).singleElement().asString().startsWith("reuse " + origin).endsWith("(request 2 on it)");
            assertThat(lines("close ")).singleElement().asString().startsWith("close " + origin)
                    .endsWith("(client closed) after 2 request(s)");
            assertThat(logged.list).allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain("secret"));
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
                FanoutClient client = FanoutClient.builder().idleTimeout(Duration.ofMillis(200)).build()) {
            client.fetchAll(List.of(closing.url("/"), keeping.url("/")));

            assertThat(awaitLines("close " + closing.url(""))).singleElement().asString()
                    .contains("(closed by the server)");
            assertThat(awaitLines("close " + keeping.url(""))).singleElement().asString().contains("(idle timeout)");
        }
    }

    @Test
    void nothingIsLoggedAtInfo() throws IOException {
        clientLogger.setLevel(Level.INFO);
        try (RawServer server = new RawServer(c -> {
                    c.readRequest();
                    c.write(RawServer.ok("ok"));
                    c.readRequest();
                });
                FanoutClient client = FanoutClient.create()) {
            assertThat(client.fetchAll(List.of(server.url("/"))).get(0).ok()).isTrue();
        }
        assertThat(logged.list).isEmpty();
    }
}
