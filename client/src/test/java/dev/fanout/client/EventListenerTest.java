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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link EventListener} against the testkit's server over real sockets: each request hears its
 * phases in order, once each, on the loop thread (its listener made on the caller's); what it hears agrees with its result's
 * timings; it may add headers; a failing, retried, hedged or invalid request is told so; each
 * attempt (a redirect's hop with its own URL, a hedged copy, a replay after a stale connection or
 * a GOAWAY) is told apart, to a listener of its own, and how it ended; and a listener that throws
 * changes no result.
 */
class EventListenerTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    /** Records one request's events, as "name" or "name:detail", and the threads they came on. */
    static class Recorder implements EventListener {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());

        void add(String event) {
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

    /**
     * Records a request's events as {@link Recorder} does, and its attempts' new events; each
     * attempt's {@code attemptStart} returns a recorder of that attempt's own, kept in
     * {@link #attempts} in the order they started.
     */
    static final class AttemptRecorder extends Recorder {
        final List<AttemptRecorder> attempts;

        AttemptRecorder(List<AttemptRecorder> attempts) {
            this.attempts = attempts;
        }

        /** Returns a factory whose every request's listener is {@code root}. */
        static EventListener.Factory factoryOf(AttemptRecorder root) {
            return request -> root;
        }

        @Override
        public EventListener attemptStart(Request request, int attempt, String url) {
            add("attemptStart:" + attempt + ":" + url);
            AttemptRecorder own = new AttemptRecorder(attempts);
            own.add("attemptStart:" + attempt);
            attempts.add(own);
            return own;
        }

        @Override
        public void attemptFailed(Request request, int attempt, ErrorKind kind, String detail) {
            add("attemptFailed:" + attempt + ":" + kind);
        }

        @Override
        public void attemptCancelled(Request request, int attempt) {
            add("attemptCancelled:" + attempt);
        }

        @Override
        public void replay(Request request, int attempt, String reason) {
            add("replay:" + attempt + ":" + reason);
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

    @Test
    void eachRedirectHopIsAnAttemptToldWithItsOwnUrl(SlowEndpoints server) {
        String target = server.body(3);
        String start = server.redirect(302, target);
        AttemptRecorder request = new AttemptRecorder(Collections.synchronizedList(new ArrayList<>()));
        try (FanoutClient client = FanoutClient.builder()
                .eventListenerFactory(AttemptRecorder.factoryOf(request))
                .build()) {
            Result r = client.fetchAll(List.of(start)).get(0);

            assertThat(r.status()).as("%s", r.error()).isEqualTo(200);
            assertThat(request.events)
                    .containsExactly("callStart", "attemptStart:1:" + start, "attemptStart:2:" + target, "callEnd:200");
            assertThat(request.attempts).hasSize(2);
            assertThat(request.attempts.get(0).events)
                    .startsWith("attemptStart:1")
                    .contains("requestSent", "responseHeaders:302")
                    .last()
                    .asString()
                    .startsWith("responseEnd:");
            assertThat(request.attempts.get(1).events)
                    .startsWith("attemptStart:2")
                    .contains("requestSent", "responseHeaders:200")
                    .endsWith("responseEnd:3");
        }
    }

    @Test
    void aHedgedCopyIsAnAttemptOfItsOwnAndTheLoserIsToldItWasCancelled(SlowEndpoints server) {
        server.reset();
        String slow = server.delayed(Duration.ofSeconds(2));
        AttemptRecorder request = new AttemptRecorder(Collections.synchronizedList(new ArrayList<>()));
        try (FanoutClient client = FanoutClient.builder()
                .hedgeAfter(Duration.ofMillis(50))
                .eventListenerFactory(AttemptRecorder.factoryOf(request))
                .build()) {
            Result r = client.fetchAll(List.of(slow)).get(0);

            assertThat(r.hedges()).isEqualTo(1);
            assertThat(request.events)
                    .containsExactly(
                            "callStart", "attemptStart:1:" + slow, "attemptStart:2:" + slow, "hedge", "callEnd:200");
            assertThat(request.attempts).hasSize(2);
            for (AttemptRecorder copy : request.attempts) {
                assertThat(copy.events).contains("requestHeaders", "requestSent");
            }
            // one copy's response is read whole; the other hears nothing more after it but its cancel
            assertThat(request.attempts)
                    .filteredOn(a -> a.events.get(a.events.size() - 1).startsWith("responseEnd:"))
                    .hasSize(1);
            AttemptRecorder loser = request.attempts.stream()
                    .filter(a -> a.events.get(a.events.size() - 1).startsWith("attemptCancelled:"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no attempt cancelled: " + request.attempts.get(0).events
                            + " / " + request.attempts.get(1).events));
            assertThat(loser.events.get(loser.events.size() - 1))
                    .isEqualTo("attemptCancelled:" + loser.events.get(0).substring("attemptStart:".length()));
        }
    }

    @Test
    void aReplayOnAStaleConnectionIsToldBetweenTheFailedAttemptAndTheNext() throws Exception {
        try (RawServer stale = new RawServer(c -> {
                    c.readRequest();
                    c.write(RawServer.ok("fresh"));
                    c.readRequest(); // the client reused the connection: drop it without answering
                });
                FanoutClient client = FanoutClient.builder()
                        .eventListenerFactory(request -> request.url().endsWith("/2") ? replayed : EventListener.NONE)
                        .build()) {
            client.fetchAll(List.of(stale.url("/1")));
            Result r = client.fetchAll(List.of(stale.url("/2"))).get(0);

            assertThat(r.ok()).as("%s", r.error()).isTrue();
            assertThat(r.attempts()).isEqualTo(2);
            String url = stale.url("/2");
            assertThat(replayed.events)
                    .containsExactly(
                            "callStart",
                            "attemptStart:1:" + url,
                            "replay:1:stale",
                            "attemptStart:2:" + url,
                            "callEnd:200");
            assertThat(replayed.attempts.get(0).events)
                    .startsWith("attemptStart:1", "acquired:HTTP_1_1:reused")
                    .endsWith("attemptFailed:1:CLOSED");
            assertThat(replayed.attempts.get(1).events)
                    .contains("acquired:HTTP_1_1:new")
                    .endsWith("responseEnd:5");
        }
    }

    private final AttemptRecorder replayed = new AttemptRecorder(Collections.synchronizedList(new ArrayList<>()));

    @Test
    void streamsAGoAwayLeftUnprocessedAreToldAsRefusedReplays() {
        List<H2Exchange> held = new ArrayList<>();
        H2Server.Responder goAwayAfterTwo = e -> {
            if (e.connection() > 1) {
                e.respond(200, 2);
                return;
            }
            held.add(e);
            if (held.size() == 2) {
                int first = held.get(0).streamId();
                e.goAway(first); // the second stream was not processed
                held.get(0).respond(200, 2);
            }
        };
        List<String> replays = Collections.synchronizedList(new ArrayList<>());
        EventListener listener = new EventListener() {
            @Override
            public void replay(Request request, int attempt, String reason) {
                replays.add(attempt + ":" + reason);
            }
        };
        try (H2Server server = H2Server.start(goAwayAfterTwo);
                FanoutClient client = FanoutClient.builder()
                        .httpVersion(HttpVersion.HTTP_2)
                        .eventListener(listener)
                        .build()) {
            List<Result> results = client.fetchAll(server.urls("/goaway", 2));

            assertThat(results)
                    .allSatisfy(r -> assertThat(r.ok()).as("%s", r.error()).isTrue());
            assertThat(results).filteredOn(r -> r.attempts() == 2).hasSize(1);
            assertThat(replays).containsExactly("1:refused");
        }
    }

    @Test
    @Timeout(60) // a throw that escaped the guard would leave the request unended
    void aListenerWhoseNewMethodsThrowChangesNoResult() throws Exception {
        EventListener throwing = new EventListener() {
            @Override
            public EventListener attemptStart(Request request, int attempt, String url) {
                throw new IllegalStateException("listener bug at the start");
            }

            @Override
            public void attemptFailed(Request request, int attempt, ErrorKind kind, String detail) {
                throw new IllegalStateException("listener bug at the failure");
            }

            @Override
            public void replay(Request request, int attempt, String reason) {
                throw new IllegalStateException("listener bug at the replay");
            }
        };
        try (LogCapture log = LogCapture.of(EventListener.class).capturedOnly().start();
                RawServer stale = new RawServer(c -> {
                    c.readRequest();
                    c.write(RawServer.ok("fresh"));
                    c.readRequest();
                });
                FanoutClient client =
                        FanoutClient.builder().eventListener(throwing).build()) {
            client.fetchAll(List.of(stale.url("/1")));
            Result r = client.fetchAll(List.of(stale.url("/2"))).get(0);

            assertThat(r.ok()).as("%s", r.error()).isTrue();
            assertThat(log.messages())
                    .anySatisfy(m -> assertThat(m).contains("EventListener.attemptStart failed"))
                    .anySatisfy(m -> assertThat(m).contains("EventListener.attemptFailed failed"))
                    .anySatisfy(m -> assertThat(m).contains("EventListener.replay failed"));
        }
    }
}
