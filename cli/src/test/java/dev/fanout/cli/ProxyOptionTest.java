package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code --proxy}: requests go through the proxy given; a bad value is a usage error that never repeats a password. */
class ProxyOptionTest {

    /**
     * Serves one request as an HTTP proxy would (answering it itself) on a loopback port, and
     * returns the request line it read.
     */
    private static CompletableFuture<String> oneRequestProxy(ServerSocket server) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = server.accept()) {
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                String requestLine = in.readLine();
                String auth = "-";
                for (String h; (h = in.readLine()) != null && !h.isEmpty(); ) {
                    if (h.regionMatches(true, 0, "Proxy-Authorization:", 0, 20)) {
                        auth = h.substring(20).trim();
                    }
                }
                OutputStream out = s.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nproxy"
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return requestLine + " " + auth;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aRequestGoesToTheHttpProxyInAbsoluteFormWithItsCredentials() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> seen = oneRequestProxy(server);

            CliRun run = CliRun.run(
                    "--proxy",
                    "http://alice:s3cret@127.0.0.1:" + server.getLocalPort(),
                    "--json",
                    "http://api.example/users/1");

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(seen.get(10, TimeUnit.SECONDS))
                    .isEqualTo("GET http://api.example/users/1 HTTP/1.1 Basic YWxpY2U6czNjcmV0");
            assertThat(run.out()).contains("\"status\":200");
        }
    }

    @Test
    void aBadProxyIsAUsageErrorThatShowsTheFormAndNotThePassword() {
        CliRun run = CliRun.run("--proxy", "ftp://alice:s3cret@proxy:21", "http://127.0.0.1:9/");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("fanout: ")
                .contains("--proxy: not a proxy URL (expected: http://[user:password@]host:port or socks5://")
                .contains("(or: system)")
                .doesNotContain("s3cret");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void systemAsksTheJvmsProxySettings() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> seen = oneRequestProxy(server);
            System.setProperty("http.proxyHost", "127.0.0.1");
            System.setProperty("http.proxyPort", String.valueOf(server.getLocalPort()));
            try {
                CliRun run = CliRun.run("--proxy", "system", "--json", "http://api.example/x");

                assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
                assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("GET http://api.example/x HTTP/1.1 -");
            } finally {
                System.clearProperty("http.proxyHost");
                System.clearProperty("http.proxyPort");
            }
        }
    }

    @Test
    void proxyUserGivesCredentialsToTheProxyTheSystemPicks() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> seen = oneRequestProxy(server);
            System.setProperty("http.proxyHost", "127.0.0.1");
            System.setProperty("http.proxyPort", String.valueOf(server.getLocalPort()));
            try {
                CliRun run = CliRun.run(
                        "--proxy", "system", "--proxy-user", "alice:s3cret", "--json", "http://api.example/x");

                assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
                assertThat(seen.get(10, TimeUnit.SECONDS))
                        .isEqualTo("GET http://api.example/x HTTP/1.1 Basic YWxpY2U6czNjcmV0");
                assertThat(run.out() + run.err()).doesNotContain("s3cret");
            } finally {
                System.clearProperty("http.proxyHost");
                System.clearProperty("http.proxyPort");
            }
        }
    }

    @Test
    void aProxyUserWithoutAColonIsAUsageErrorThatDoesNotRepeatIt() {
        CliRun run = CliRun.run("--proxy", "system", "--proxy-user", "s3cret", "http://127.0.0.1:9/");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("--proxy-user: expected USER:PASSWORD").doesNotContain("s3cret");
        assertThat(run.out()).isEmpty();
    }
}
