package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * URLs as people write them: non-ASCII paths and queries, a user and password in the URL (sent
 * as Basic authorization, never printed). A raw server shows the exact request that went out.
 */
class UrlTest {

    private static RawServer answering() throws IOException {
        return new RawServer(c -> {
            while (c.readRequest() != null) {
                c.write(RawServer.ok("ok"));
            }
        });
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    private static String credentials(String url, String userInfo) {
        return url.replace("http://", "http://" + userInfo + "@");
    }

    @Test
    void nonAsciiInThePathAndQueryIsSentPercentEncodedAsUtf8AndEscapesAreKept() throws IOException {
        try (RawServer server = answering();
                FanoutClient client = FanoutClient.create()) {
            Result r = client.fetchAll(List.of(server.url("/caf\u00e9/\u00fc?q=\u2713&x=%41%2F")))
                    .get(0);

            assertThat(r.ok()).as("%s", r).isTrue();
            assertThat(server.requests().get(0)).startsWith("GET /caf%C3%A9/%C3%BC?q=%E2%9C%93&x=%41%2F HTTP/1.1\r\n");
        }
    }

    @Test
    void aUserAndPasswordInTheUrlAreSentAsBasicAuthorizationPercentDecoded() throws IOException {
        try (RawServer server = answering();
                FanoutClient client = FanoutClient.create()) {
            Result r = client.fetchAll(List.of(credentials(server.url("/"), "alice:s%40cr%C3%A9t")))
                    .get(0);

            assertThat(r.ok()).as("%s", r).isTrue();
            assertThat(server.requests().get(0))
                    .contains("\r\nAuthorization: " + basic("alice:s@cr\u00e9t") + "\r\n")
                    .doesNotContain("alice:s");
        }
    }

    @Test
    void anAuthorizationHeaderOnTheRequestWinsOverTheUrls() throws IOException {
        try (RawServer server = answering();
                FanoutClient client = FanoutClient.create()) {
            client.sendAll(List.of(Request.builder(credentials(server.url("/"), "alice:secret"))
                    .header("Authorization", "Bearer t0k3n")
                    .build()));

            assertThat(server.requests().get(0))
                    .contains("\r\nAuthorization: Bearer t0k3n\r\n")
                    .doesNotContain("Basic");
        }
    }

    @Test
    void theUrlsCredentialsAreNotSentToAnotherOriginAfterARedirect() throws IOException {
        try (RawServer other = answering();
                RawServer first = new RawServer(c -> {
                    while (c.readRequest() != null) {
                        c.write("HTTP/1.1 302 Found\r\nLocation: " + other.url("/landed")
                                + "\r\nContent-Length: 0\r\n\r\n");
                    }
                });
                FanoutClient client = FanoutClient.create()) {
            Result r = client.fetchAll(List.of(credentials(first.url("/start"), "alice:secret")))
                    .get(0);

            assertThat(r.ok()).as("%s", r).isTrue();
            assertThat(first.requests().get(0)).contains("Authorization: " + basic("alice:secret"));
            assertThat(other.requests().get(0)).startsWith("GET /landed ").doesNotContainIgnoringCase("authorization");
        }
    }

    @Test
    void thePasswordIsNeverPrinted() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String refused = "http://alice:secret@127.0.0.1:" + closedPort + "/x";
        String malformed = "http://alice:secret@127.0.0.1:" + closedPort + "/a b";
        try (RawServer server = answering();
                FanoutClient client = FanoutClient.create()) {
            String answered = credentials(server.url("/y"), "alice:secret");
            List<Result> results = client.fetchAll(List.of(refused, malformed, answered));

            Request request = results.get(0).request();
            assertThat(request.redactedUrl()).isEqualTo("http://alice:****@127.0.0.1:" + closedPort + "/x");
            assertThat(request.url()).isEqualTo(refused); // as given: it is what is sent
            FetchException connect = results.get(0).error();
            assertThat(connect.kind()).isEqualTo(ErrorKind.CONNECT);
            assertThat(results.get(1).error().kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
            assertThat(results.get(2).response().url())
                    .isEqualTo(server.url("/y").replace("http://", "http://alice:****@"));
            for (String printed : List.of(
                    connect.getMessage(),
                    connect.url(),
                    String.valueOf(connect),
                    request.toString(),
                    results.get(0).toString(),
                    results.get(1).error().getMessage(),
                    results.get(1).toString(),
                    results.get(2).toString(),
                    results.get(2).response().url())) {
                assertThat(printed).doesNotContain("secret").contains("alice:****@");
            }
        }
    }

    @Test
    void aTooManyRedirectsMessageHidesThePasswordOfTheLastHop() throws IOException {
        try (RawServer server = new RawServer(c -> {
                    while (c.readRequest() != null) {
                        c.write("HTTP/1.1 302 Found\r\nLocation: /again\r\nContent-Length: 0\r\n\r\n");
                    }
                });
                FanoutClient client = FanoutClient.builder().maxRedirects(1).build()) {
            Result r = client.fetchAll(List.of(credentials(server.url("/"), "alice:secret")))
                    .get(0);

            assertThat(r.error().kind()).isEqualTo(ErrorKind.TOO_MANY_REDIRECTS);
            assertThat(r.error().getMessage()).doesNotContain("secret").contains("to http://alice:****@");
        }
    }
}
