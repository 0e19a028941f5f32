package dev.fanout.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The concurrency probe counts requests and the peak held at once, exactly, until reset. */
class ConcurrencyProbeTest {

    @RegisterExtension // one server for the class, reset before each test
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    private static SlowEndpoints server;
    private static Http http;

    @BeforeAll
    static void connect() {
        server = endpoints.server();
        http = Http.http1(server);
    }

    @Test
    void aThousandConcurrentRequestsAreAllHeldAtOnce() throws Exception {
        // Long enough that the JDK client has sent all 1,000 before the first is answered, even on
        // a busy 2-core machine (its arrivals spread over 0.7 to 1.8 s there).
        Duration delay = Duration.ofSeconds(4);
        List<String> urls = server.delayed(1_000, delay);

        Http.Timed<List<HttpResponse<String>>> responses = Http.timed(() -> http.getAll(urls));

        assertThat(responses.value()).extracting(HttpResponse::statusCode).containsOnly(200);
        for (int i = 0; i < urls.size(); i++) {
            assertThat(server.baseUrl() + responses.value().get(i).body()).isEqualTo(urls.get(i));
        }
        assertThat(server.peakInFlight()).isEqualTo(1_000);
        assertThat(server.requestCount()).isEqualTo(1_000);
        // Twenty at a time (WireMock default) would take fifty delays; all at once takes about one.
        assertThat(responses.took())
                .as(
                        "wall time; arrivals spread over %d ms",
                        server.arrivalSpread().toMillis())
                .isLessThan(delay.multipliedBy(2));
        assertThat(server.arrivalSpread()).isLessThan(delay);
    }

    @Test
    void requestsOneAfterAnotherAreNeverHeldTogether() throws Exception {
        for (String url : server.delayed(5, Duration.ofMillis(50))) {
            http.get(url);
        }

        assertThat(server.peakInFlight()).isEqualTo(1);
        assertThat(server.requestCount()).isEqualTo(5);
    }

    @Test
    void twoBatchesOneAfterTheOtherPeakAtTheLargerBatch() {
        // Delays far longer than the client takes to send a batch: each batch is held all at once.
        http.getAll(server.delayed(10, Duration.ofSeconds(1)));
        http.getAll(server.delayed(15, Duration.ofSeconds(1)));

        assertThat(server.peakInFlight()).isEqualTo(15);
        assertThat(server.requestCount()).isEqualTo(25);
    }

    @Test
    void aLimitedClientShowsItsLimitAsThePeak() throws Exception {
        // Ten threads, each fetching its share one by one: never more than ten in flight.
        List<String> urls = server.delayed(40, Duration.ofMillis(100));
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            List<String> share = urls.subList(t * 4, t * 4 + 4);
            Thread thread = new Thread(() -> share.forEach(ConcurrencyProbeTest::fetch));
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(server.peakInFlight()).isBetween(2, 10);
        assertThat(server.requestCount()).isEqualTo(40);
    }

    @Test
    void requestCountsAreKeptPerUrl() throws Exception {
        String twice = server.delayed(Duration.ofMillis(1));
        String once = server.delayed(Duration.ofMillis(1));
        http.get(twice);
        http.get(twice);
        http.get(once);

        assertThat(server.requestCount(twice)).isEqualTo(2);
        assertThat(server.requestCount(once)).isEqualTo(1);
        assertThat(server.requestCount(server.delayed(Duration.ofMillis(1)))).isZero();
        assertThat(server.requestCounts()).hasSize(2);
    }

    @Test
    void stubsOfTheTestsOwnWithAFixedDelayCountInThePeak() {
        server.wireMock()
                .stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                                com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/mine/.*"))
                        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.ok()
                                .withFixedDelay(1_000)));
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            urls.add(server.url("/mine/" + i));
        }
        urls.addAll(server.delayed(10, Duration.ofSeconds(1)));

        http.getAll(urls);

        assertThat(server.peakInFlight()).isEqualTo(20);
        assertThat(server.requestCount()).isEqualTo(20);
    }

    @Test
    void resetForgetsRequestsAndThePeak() {
        http.getAll(server.delayed(10, Duration.ofMillis(100)));

        server.reset();

        assertThat(server.peakInFlight()).isZero();
        assertThat(server.requestCount()).isZero();
        assertThat(server.requestCounts()).isEmpty();
        assertThat(server.arrivalSpread()).isEqualTo(Duration.ZERO);
    }

    @Test
    void resetRemovesTheTestsStubsButKeepsTheTestkitsUrlsWorking() throws Exception {
        server.wireMock()
                .stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/mine")
                        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.ok()));

        server.reset();

        assertThat(http.get(server.url("/mine")).statusCode()).isEqualTo(404);
        assertThat(http.get(server.delayed(Duration.ofMillis(1))).statusCode()).isEqualTo(200);
    }

    @Test
    void resetRestoresTheTestkitsUrlsAfterAWireMockResetAll() throws Exception {
        server.wireMock().resetAll();
        assertThat(http.get(server.delayed(Duration.ofMillis(1))).statusCode()).isEqualTo(404);

        server.reset();

        assertThat(http.get(server.delayed(Duration.ofMillis(1))).statusCode()).isEqualTo(200);
    }

    @Test
    void countsStayExactBeyondTheJournalsCapacity() {
        try (SlowEndpoints small = SlowEndpoints.builder().journalEntries(5).start()) {
            List<String> urls = small.delayed(20, Duration.ofMillis(1));
            Http.http1(small).getAll(urls);

            assertThat(small.requestCount()).isEqualTo(20);
            assertThat(small.wireMock().getAllServeEvents()).hasSize(5);
        }
    }

    @Test
    void theJournalKeepsTheLatestRequestsNewestFirst() throws Exception {
        try (SlowEndpoints small = SlowEndpoints.builder().journalEntries(3).start()) {
            List<String> urls = small.delayed(5, Duration.ofMillis(1));
            for (String url : urls) {
                Http.http1(small).get(url); // one after another: the journal's order is theirs
            }

            assertThat(small.wireMock().getAllServeEvents())
                    .extracting(event -> small.url(event.getRequest().getUrl()))
                    .containsExactly(urls.get(4), urls.get(3), urls.get(2));
            assertThat(small.wireMock().getAllServeEvents())
                    .allSatisfy(
                            event -> assertThat(event.getResponse().getStatus()).isEqualTo(200));
        }
    }

    @Test
    void aCustomizersFilesRootStillServesBodyFiles(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("__files"));
        Files.writeString(root.resolve("__files/greeting.txt"), "hello from a file");
        try (SlowEndpoints server = SlowEndpoints.builder()
                .configure(options -> options.usingFilesUnderDirectory(root.toString()))
                .start()) {
            server.wireMock()
                    .stubFor(get(urlEqualTo("/file")).willReturn(aResponse().withBodyFile("greeting.txt")));

            assertThat(Http.http1(server).get(server.url("/file")).body()).isEqualTo("hello from a file");
        }
    }

    private static void fetch(String url) {
        try {
            http.get(url);
        } catch (Exception e) {
            throw new AssertionError(url, e);
        }
    }
}
