package dev.fanout.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each ErrorKind that can happen on this machine, produced for real, each within one batch that goes on. */
class ErrorKindsTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    private static FanoutClient client;

    @BeforeAll
    static void start() {
        client = FanoutClient.builder()
                .requestTimeout(Duration.ofSeconds(5))
                .connectTimeout(Duration.ofSeconds(2))
                .maxResponseBytes(1000)
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private static Result fetchBesideAGoodOne(SlowEndpoints server, String url) {
        List<Result> results = client.fetchAll(List.of(server.body(10), url, server.body(10)));
        assertThat(results.get(0).ok()).isTrue();
        assertThat(results.get(2).ok()).isTrue();
        Result r = results.get(1);
        assertThat(r.response()).as("%s", r).isNull();
        assertThat(r.status()).isZero();
        assertThat(r.error().getMessage()).contains(url);
        return r;
    }

    @Test
    void anUnresolvableHostIsDns(SlowEndpoints server) {
        Result r = fetchBesideAGoodOne(server, "http://no-such-host.invalid/x");
        assertThat(r.error().kind()).isEqualTo(ErrorKind.DNS);
        assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aClosedPortIsConnect(SlowEndpoints server) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Result r = fetchBesideAGoodOne(server, "http://127.0.0.1:" + port + "/");
        assertThat(r.error().kind()).isEqualTo(ErrorKind.CONNECT);
        assertThat(r.error().getMessage()).contains("cannot connect");
    }

    @Test
    void anUnreachableAddressIsConnectWithinTheConnectTimeout(SlowEndpoints server) {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737), assigned to no host: the kernel has no route to
        // it, or the connect waits for an answer that never comes.
        try (FanoutClient impatient =
                FanoutClient.builder().connectTimeout(Duration.ofMillis(500)).build()) {
            List<Result> results = impatient.fetchAll(List.of("http://192.0.2.1:81/", server.body(2)));
            assertThat(results.get(0).error().kind()).isEqualTo(ErrorKind.CONNECT);
            assertThat(results.get(0).elapsed()).isLessThan(Duration.ofSeconds(5));
            assertThat(results.get(1).ok()).isTrue();
        }
    }

    @Test
    void aResponseSlowerThanTheRequestTimeoutIsTimeout(SlowEndpoints server) {
        String url = server.neverAnswers();
        Result r = client.sendAll(List.of(
                        Request.builder(url).timeout(Duration.ofMillis(300)).build()))
                .get(0);
        assertThat(r.error().kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(r.error().getMessage()).contains("300 ms").contains(url);
        assertThat(r.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aBodyThatStallsAfterTheHeadersIsTimeout() throws IOException {
        try (RawServer stalling = new RawServer(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nthe start, and then nothing");
            c.readRequest(); // holds the connection open until the client closes it
        })) {
            Request request = Request.builder(stalling.url("/"))
                    .timeout(Duration.ofMillis(400))
                    .build();
            Result r = client.sendAll(List.of(request)).get(0);
            assertThat(r.error().kind()).isEqualTo(ErrorKind.TIMEOUT);
            assertThat(r.error().getMessage()).contains("while receiving");
        }
    }

    @Test
    void aBodyThatTricklesForeverIsTimeout() throws IOException {
        // Slowloris: each byte comes soon enough to look alive, and the body never ends.
        try (RawServer trickling = new RawServer(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 900\r\n\r\n"); // under the cap
            while (true) {
                c.write("x"); // throws once the client has closed the connection
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        })) {
            Request request = Request.builder(trickling.url("/"))
                    .timeout(Duration.ofMillis(500))
                    .build();
            Result r = client.sendAll(List.of(request)).get(0);
            assertThat(r.error().kind()).isEqualTo(ErrorKind.TIMEOUT);
            assertThat(r.error().getMessage()).contains("while receiving");
        }
    }

    @Test
    void aResetIsClosed(SlowEndpoints server) {
        assertThat(fetchBesideAGoodOne(server, server.connectionReset()).error().kind())
                .isEqualTo(ErrorKind.CLOSED);
    }

    @Test
    void anEmptyResponseIsClosed(SlowEndpoints server) {
        assertThat(fetchBesideAGoodOne(server, server.emptyResponse()).error().kind())
                .isEqualTo(ErrorKind.CLOSED);
    }

    @Test
    void aMalformedChunkIsProtocol(SlowEndpoints server) {
        assertThat(fetchBesideAGoodOne(server, server.malformedChunk()).error().kind())
                .isEqualTo(ErrorKind.PROTOCOL);
    }

    @Test
    void randomBytesInsteadOfAResponseAreProtocol(SlowEndpoints server) {
        assertThat(fetchBesideAGoodOne(server, server.randomDataThenClose())
                        .error()
                        .kind())
                .isEqualTo(ErrorKind.PROTOCOL);
    }

    @Test
    void aBodyOverTheCapIsTooLarge(SlowEndpoints server) {
        Result r = fetchBesideAGoodOne(server, server.body(5000));
        assertThat(r.error().kind()).isEqualTo(ErrorKind.TOO_LARGE);
        assertThat(r.error().getMessage()).contains("maxResponseBytes");
    }

    @Test
    void aRedirectLoopIsTooManyRedirects(SlowEndpoints server) {
        server.wireMock()
                .stubFor(get(urlEqualTo("/loop/a"))
                        .willReturn(aResponse().withStatus(302).withHeader("Location", "/loop/b")));
        server.wireMock()
                .stubFor(get(urlEqualTo("/loop/b"))
                        .willReturn(aResponse().withStatus(302).withHeader("Location", "/loop/a")));
        Result r = fetchBesideAGoodOne(server, server.url("/loop/a"));
        assertThat(r.error().kind()).isEqualTo(ErrorKind.TOO_MANY_REDIRECTS);
        assertThat(server.requestCount(server.url("/loop/a")) + server.requestCount(server.url("/loop/b")))
                .isEqualTo(FanoutClient.Builder.DEFAULT_MAX_REDIRECTS + 1);
    }

    @Test
    void badInputIsInvalidRequestAndNothingElseIsLost(SlowEndpoints server) {
        List<String> urls = new ArrayList<>();
        urls.add(server.body(1));
        urls.add("not a url");
        urls.add("http://has space.example/");
        urls.add("ftp://example.com/file");
        urls.add("http:///no-host");
        urls.add(null);
        urls.add("/relative/path");
        urls.add(server.body(2));

        List<Result> results = client.fetchAll(urls);

        assertThat(results).hasSize(8);
        assertThat(results.get(0).ok()).isTrue();
        assertThat(results.get(7).ok()).isTrue();
        for (Result r : results.subList(1, 7)) {
            assertThat(r.error().kind()).as("%s", r).isEqualTo(ErrorKind.INVALID_REQUEST);
            assertThat(r.attempts()).isZero();
        }
        assertThat(results.get(3).error().getMessage()).contains("unsupported scheme 'ftp'");
        assertThat(results.get(4).error().getMessage()).contains("no host");
        assertThat(results.get(5).request()).isNull();
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void aHeaderWithCrOrLfIsInvalidRequestBeforeAnythingIsSent(SlowEndpoints server) {
        List<Request> requests = List.of(
                Request.builder(server.body(1))
                        .header("X-Evil", "a\r\nInjected: yes")
                        .build(),
                Request.builder(server.body(1)).header("Bad Name", "v").build(),
                Request.builder(server.body(1)).method("GE T").build(),
                Request.get(server.body(3)));

        List<Result> results = client.sendAll(requests);

        assertThat(results.subList(0, 3))
                .allSatisfy(r -> assertThat(r.error().kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
        assertThat(results.get(0).error().getMessage()).contains("X-Evil").contains("CR or LF");
        assertThat(results.get(3).ok()).isTrue();
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void aCancelledBatchEndsCancelled(SlowEndpoints server) {
        Batch batch = client.startAll(List.of(Request.get(server.neverAnswers()), Request.get(server.neverAnswers())));
        batch.cancel();
        List<Result> results = batch.awaitAll();
        assertThat(results).allSatisfy(r -> assertThat(r.error().kind()).isEqualTo(ErrorKind.CANCELLED));
    }

    @Test
    void aClosedClientRejects(SlowEndpoints server) {
        FanoutClient closed = FanoutClient.create();
        closed.close();
        List<Result> results = closed.fetchAll(List.of(server.body(1), "bad url"));
        assertThat(results.get(0).error().kind()).isEqualTo(ErrorKind.REJECTED);
        assertThat(results.get(1).error().kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void aFullQueueRejectsTheRequestsBeyondIt(SlowEndpoints server) {
        try (FanoutClient small =
                FanoutClient.builder().maxInFlight(1).maxQueued(3).build()) {
            List<Result> results = small.fetchAll(server.delayed(6, Duration.ofMillis(20)));
            assertThat(results)
                    .extracting(r -> r.error() == null ? "ok" : r.error().kind().name())
                    .containsExactly("ok", "ok", "ok", "ok", "REJECTED", "REJECTED");
            assertThat(results.get(4).error().getMessage()).contains("queue full");
        }
    }
}
