package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.loop.testing.LogCapture;
import dev.fanout.testkit.Failure;
import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link EventListener} against the testkit's server over real sockets: each request hears its
 * phases in order, once each, on the loop thread (its listener made on the caller's); what it hears agrees with its result's
 * timings; it may add headers; a failing, retried, hedged or invalid request is told so; and a
 * listener that throws changes no result.
 */
class EventListenerTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    /** Records one request's events, as "name" or "name:detail", and the threads they came on. */
    static final class Recorder implements EventListener {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());

        private void add(String event) {
            events.add(event);
            threads.add(Thread.currentThread().getName());
        }

        @Override
        public void callStart(Request request) {
            add("callStart");
        }

        @Override
        public void queueStart(Request request) {
            add("queueStart");
        }

        @Override
        public void queueEnd(Request request) {
            add("queueEnd");
        }

        @Override
        public void dnsStart(Request request, String host) {
            add("dnsStart:" + host);
        }

        @Override
        public void dnsEnd(Request request) {
            add("dnsEnd");
        }

        @Override
        public void connectStart(Request request, InetSocketAddress address) {
            add("connectStart:" + address.getPort());
        }

        @Override
        public void connectEnd(Request request) {
            add("connectEnd");
        }

        @Override
        public void tlsStart(Request request) {
            add("tlsStart");
        }

        @Override
        public void tlsEnd(Request request) {
            add("tlsEnd");
        }

        @Override
        public void connectFailed(Request request, ErrorKind kind, String detail) {
            add("connectFailed:" + kind);
        }

        @Override
        public void connectionAcquired(Request request, HttpVersion version, boolean reused) {
            add("acquired:" + version + (reused ? ":reused" : ":new"));
        }

        @Override
        public void requestHeaders(Request request, BiConsumer<String, String> headers) {
            add("requestHeaders");
        }

        @Override
        public void requestSent(Request request) {
            add("requestSent");
        }

        @Override
        public void responseHeaders(Request request, int status) {
            add("responseHeaders:" + status);
        }

        @Override
        public void responseEnd(Request request, long bodyBytes) {
            add("responseEnd:" + bodyBytes);
        }

        @Override
        public void retry(Request request, int attempt, Duration delay, String reason) {
            add("retry:" + attempt + ":" + reason);
        }

        @Override
        public void hedge(Request request) {
            add("hedge");
        }

        @Override
        public void callEnd(Result result) {
            add("callEnd:" + (result.ok() ? result.status() : result.error().kind()));
        }
    }

    /** A factory that keeps each request's recorder, by URL. */
    static final class Recorders implements EventListener.Factory {
        final ConcurrentHashMap<String, Recorder> byUrl = new ConcurrentHashMap<>();
        final List<String> creators = Collections.synchronizedList(new ArrayList<>());

        @Override
        public EventListener create(Request request) {
            creators.add(Thread.currentThread().getName());
            Recorder r = new Recorder();
            byUrl.put(request == null ? "null" : request.url(), r);
            return r;
        }

        List<String> of(String url) {
            return byUrl.get(url).events;
        }
    }

    @Test
    void aRequestHearsEachPhaseInOrderOnTheLoopThreadAndAReusedConnectionSkipsTheSetup(SlowEndpoints server) {
        String url = server.body(5);
        Recorders recorders = new Recorders();
        try (FanoutClient client =
                FanoutClient.builder().eventListenerFactory(recorders).build()) {
            Result first = client.fetchAll(List.of(url)).get(0);
            List<String> fresh = List.copyOf(recorders.of(url));
            List<String> freshThreads = List.copyOf(recorders.byUrl.get(url).threads);
            Result second = client.fetchAll(List.of(url)).get(0);
            List<String> reused = recorders.of(url);
            int port = Integer.parseInt(url.replaceAll(".*:(\\d+)/.*", "$1"));

            assertThat(first.ok()).as("%s", first.error()).isTrue();
            assertThat(fresh)
                    .containsExactly(
                            "callStart",
                            "dnsStart:127.0.0.1",
                            "dnsEnd",
                            "connectStart:" + port,
                            "connectEnd",
                            "acquired:HTTP_1_1:new",
                            "requestHeaders",
                            "requestSent",
                            "responseHeaders:200",
                            "responseEnd:5",
                            "callEnd:200");
            assertThat(freshThreads).containsOnly(client.loop().name());
            assertThat(recorders.creators)
                    .as("the factory runs on the thread that starts the batch")
                    .containsOnly(Thread.currentThread().getName());
            assertThat(second.ok()).isTrue();
            assertThat(reused)
                    .containsExactly(
                            "callStart",
                            "acquired:HTTP_1_1:reused",
                            "requestHeaders",
                            "requestSent",
                            "responseHeaders:200",
                            "responseEnd:5",
                            "callEnd:200");
            // the result's timings come from the same marks
            assertThat(first.timings().connect()).isPositive();
            assertThat(second.timings().connect()).isZero();
        }
    }

    @Test
    void overHttpsTheHandshakeIsTold(SlowEndpoints server) {
        String url = server.https(server.body(3));
        Recorders recorders = new Recorders();
        try (FanoutClient client = FanoutClient.builder()
                .trustCertificates(server.certificatePem())
                .eventListenerFactory(recorders)
                .build()) {
            Result r = client.fetchAll(List.of(url)).get(0);

            assertThat(r.ok()).as("%s", r.error()).isTrue();
            assertThat(recorders.of(url))
                    .filteredOn(e -> !e.startsWith("connectStart") && !e.startsWith("dnsStart"))
                    .containsExactly(
                            "callStart",
                            "dnsEnd",
                            "connectEnd",
                            "tlsStart",
                            "tlsEnd",
                            "acquired:HTTP_1_1:new",
                            "requestHeaders",
                            "requestSent",
                            "responseHeaders:200",
                            "responseEnd:3",
                            "callEnd:200");
            assertThat(r.timings().tls()).isPositive();
        }
    }

    @Test
    void overHttp2TheSecondRequestSharesTheConnection() {
        try (SlowEndpoints server = SlowEndpoints.builder().http2(true).start()) {
            String url = server.https(server.body(2));
            Recorders recorders = new Recorders();
            try (FanoutClient client = FanoutClient.builder()
                    .trustCertificates(server.certificatePem())
                    .eventListenerFactory(recorders)
                    .build()) {
                client.fetchAll(List.of(url));
                List<String> first = List.copyOf(recorders.of(url));
                Result second = client.fetchAll(List.of(url)).get(0);

                assertThat(second.ok()).as("%s", second.error()).isTrue();
                assertThat(first).contains("tlsEnd", "acquired:HTTP_2:new");
                assertThat(recorders.of(url)).contains("acquired:HTTP_2:reused").doesNotContain("tlsStart");
            }
        }
    }

    @Test
    void aListenerAddsHeadersToEachAttemptAndABadOneIsRefused(SlowEndpoints server) {
        String url = server.echo();
        List<String> refused = Collections.synchronizedList(new ArrayList<>());
        EventListener tracing = new EventListener() {
            @Override
            public void requestHeaders(Request request, BiConsumer<String, String> headers) {
                headers.accept("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
                try {
                    headers.accept("x-bad", "a\r\nInjected: yes");
                } catch (IllegalArgumentException e) {
                    refused.add(e.getMessage());
                }
            }
        };
        try (FanoutClient client = FanoutClient.builder().eventListener(tracing).build()) {
            Result r = client.fetchAll(List.of(url)).get(0);

            JsonNode echo = Echo.of(r);
            assertThat(Echo.header(echo, "traceparent"))
                    .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
            assertThat(Echo.header(echo, "x-bad")).isNull();
            assertThat(Echo.header(echo, "Injected")).isNull();
            assertThat(refused).singleElement().asString().contains("x-bad");
        }
    }

    @Test
    void aFailedConnectIsToldThenTheError() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closed + "/nothing";
        Recorders recorders = new Recorders();
        try (FanoutClient client =
                FanoutClient.builder().eventListenerFactory(recorders).build()) {
            Result r = client.fetchAll(List.of(url)).get(0);

            assertThat(r.error().kind()).isEqualTo(ErrorKind.CONNECT);
            assertThat(recorders.of(url))
                    .containsExactly(
                            "callStart",
                            "dnsStart:127.0.0.1",
                            "dnsEnd",
                            "connectStart:" + closed,
                            "connectEnd",
                            "connectFailed:CONNECT",
                            "callEnd:CONNECT");
        }
    }

    @Test
    void anInvalidRequestHearsOnlyItsStartAndEnd(SlowEndpoints server) {
        String good = server.body(1);
        Recorders recorders = new Recorders();
        try (FanoutClient client =
                FanoutClient.builder().eventListenerFactory(recorders).build()) {
            List<Result> results = client.fetchAll(List.of("ftp://nope/x", good));

            assertThat(results.get(0).error().kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
            assertThat(recorders.of("ftp://nope/x")).containsExactly("callStart", "callEnd:INVALID_REQUEST");
            assertThat(recorders.of(good)).endsWith("callEnd:200");
        }
    }

    @Test
    void aRequestRejectedByAClosedClientHearsItsStartAndEnd(SlowEndpoints server) {
        String url = server.body(1);
        Recorders recorders = new Recorders();
        FanoutClient client =
                FanoutClient.builder().eventListenerFactory(recorders).build();
        client.close();

        Result r = client.fetchAll(List.of(url)).get(0);

        assertThat(r.error().kind()).isEqualTo(ErrorKind.REJECTED);
        assertThat(recorders.of(url)).containsExactly("callStart", "callEnd:REJECTED");
    }

    @Test
    void aRetryIsToldWithItsReasonAndEachAttemptReportsItsPhases(SlowEndpoints server) {
        server.reset();
        String url = server.flaky(1, Failure.status(503));
        Recorders recorders = new Recorders();
        try (FanoutClient client = FanoutClient.builder()
                .retry(RetryPolicy.exponential(3, Duration.ofMillis(1), Duration.ofMillis(5)))
                .eventListenerFactory(recorders)
                .build()) {
            Result r = client.fetchAll(List.of(url)).get(0);

            assertThat(r.ok()).as("%s", r.error()).isTrue();
            assertThat(r.attempts()).isEqualTo(2);
            List<String> events = recorders.of(url);
            assertThat(events)
                    .containsSubsequence(
                            "requestSent",
                            "responseHeaders:503",
                            "retry:2:503",
                            "acquired:HTTP_1_1:reused",
                            "requestSent",
                            "responseHeaders:200",
                            "callEnd:200");
            assertThat(events.stream().filter("requestHeaders"::equals)).hasSize(2);
        }
    }

    @Test
    void aHedgedCopyIsTold(SlowEndpoints server) {
        server.reset();
        String slow = server.delayed(Duration.ofSeconds(2));
        Recorders recorders = new Recorders();
        try (FanoutClient client = FanoutClient.builder()
                .hedgeAfter(Duration.ofMillis(50))
                .eventListenerFactory(recorders)
                .build()) {
            Result r = client.fetchAll(List.of(slow)).get(0);

            assertThat(r.hedges()).isEqualTo(1);
            List<String> events = recorders.of(slow);
            assertThat(events.stream().filter("hedge"::equals)).hasSize(1);
            assertThat(events.stream().filter("requestSent"::equals)).hasSize(2);
            assertThat(events).startsWith("callStart").endsWith("callEnd:200");
        }
    }

    @Test
    void aListenerThatThrowsChangesNoResult(SlowEndpoints server) {
        String url = server.body(4);
        EventListener throwing = new EventListener() {
            @Override
            public void requestSent(Request request) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void callEnd(Result result) {
                throw new IllegalStateException("listener bug at the end");
            }
        };
        try (LogCapture log = LogCapture.of(EventListener.class).capturedOnly().start();
                FanoutClient client =
                        FanoutClient.builder().eventListener(throwing).build()) {
            List<Result> results = client.fetchAll(List.of(url, url));

            assertThat(results).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
            assertThat(log.messages()).anySatisfy(m -> assertThat(m).contains("EventListener.requestSent failed"));
        }
    }
}
