package dev.fanout.opentelemetry;

import static dev.fanout.opentelemetry.HttpClientAttributes.ERROR_TYPE;
import static dev.fanout.opentelemetry.HttpClientAttributes.HTTP_REQUEST_METHOD;
import static dev.fanout.opentelemetry.HttpClientAttributes.HTTP_REQUEST_RESEND_COUNT;
import static dev.fanout.opentelemetry.HttpClientAttributes.HTTP_RESPONSE_STATUS_CODE;
import static dev.fanout.opentelemetry.HttpClientAttributes.NETWORK_PROTOCOL_VERSION;
import static dev.fanout.opentelemetry.HttpClientAttributes.RETRY_ATTEMPT;
import static dev.fanout.opentelemetry.HttpClientAttributes.RETRY_REASON;
import static dev.fanout.opentelemetry.HttpClientAttributes.SERVER_ADDRESS;
import static dev.fanout.opentelemetry.HttpClientAttributes.SERVER_PORT;
import static dev.fanout.opentelemetry.HttpClientAttributes.URL_FULL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.fanout.client.Batch;
import dev.fanout.client.ErrorKind;
import dev.fanout.client.FanoutClient;
import dev.fanout.client.HttpVersion;
import dev.fanout.client.Request;
import dev.fanout.client.Result;
import dev.fanout.client.RetryPolicy;
import dev.fanout.loop.Loop;
import dev.fanout.loop.testing.Await;
import dev.fanout.loop.testing.LogCapture;
import dev.fanout.testkit.Failure;
import dev.fanout.testkit.HostileServer;
import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link FanoutTracing} against the testkit's server over real sockets, with the SDK's in-memory
 * exporter: a batch is a span under the caller's, with a CLIENT span per request that carries the
 * conventions' attributes; the server sees each attempt's own span in its {@code traceparent}; a
 * failure, an error status, a retry and a hedge are told as the conventions ask.
 */
class FanoutTracingTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    @RegisterExtension
    static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

    /** Runs {@code work} inside a span of the test's own, and returns what it returned and that span. */
    private static <T> Traced<T> underTestSpan(Supplier<T> work) {
        Span parent =
                otel.getOpenTelemetry().getTracer("test").spanBuilder("test").startSpan();
        Scope scope = parent.makeCurrent();
        try {
            return new Traced<>(work.get(), parent.getSpanContext());
        } finally {
            scope.close();
            parent.end();
        }
    }

    private record Traced<T>(T value, SpanContext parent) {}

    /** Returns the spans exported once there are {@code n}: the batch span ends on the loop thread. */
    private static List<SpanData> spans(int n) throws InterruptedException {
        List<SpanData> spans = Await.value(otel::getSpans, s -> s.size() >= n);
        assertThat(spans).as("the spans exported").hasSize(n);
        return spans;
    }

    private static List<SpanData> ofKind(List<SpanData> spans, SpanKind kind) {
        return spans.stream().filter(s -> s.getKind() == kind).collect(Collectors.toList());
    }

    private static SpanData named(List<SpanData> spans, String name) {
        return spans.stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
    }

    private static String traceparent(SpanData span) {
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
                + span.getSpanContext().getTraceFlags().asHex();
    }

    private static String echoedHeader(Result result, String name) {
        assertThat(result.ok()).as("%s", result).isTrue();
        JsonNode headers = result.response().json(JsonNode.class).get("headers");
        for (Map.Entry<String, JsonNode> e : headers.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue().get(0).asText();
            }
        }
        return null;
    }

    @Test
    void aBatchIsASpanUnderTheCallersWithAClientSpanPerRequestWhoseContextTheServerSaw(SlowEndpoints server)
            throws Exception {
        List<String> urls = List.of(server.echo(), server.echo(), server.echo());
        FanoutTracing tracing = FanoutTracing.create(otel.getOpenTelemetry());
        Traced<List<Result>> traced;
        try (FanoutClient client =
                FanoutClient.builder().eventListenerFactory(tracing).build()) {
            traced = underTestSpan(() -> tracing.fetchAll(client, urls));
        }

        List<SpanData> spans = spans(5);
        SpanData batch = named(spans, FanoutTracing.BATCH_SPAN);
        assertThat(batch.getKind()).isEqualTo(SpanKind.INTERNAL);
        assertThat(batch.getParentSpanId()).isEqualTo(traced.parent().getSpanId());
        assertThat(batch.getTraceId()).isEqualTo(traced.parent().getTraceId());
        assertThat(batch.getAttributes().get(HttpClientAttributes.BATCH_SIZE)).isEqualTo(3L);
        List<SpanData> requests = ofKind(spans, SpanKind.CLIENT);
        assertThat(requests).hasSize(3).allSatisfy(span -> {
            assertThat(span.getName()).isEqualTo("GET");
            assertThat(span.getParentSpanId()).isEqualTo(batch.getSpanId());
            assertThat(span.getTraceId()).isEqualTo(batch.getTraceId());
            assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
            assertThat(span.getAttributes().get(HTTP_REQUEST_METHOD)).isEqualTo("GET");
            assertThat(span.getAttributes().get(SERVER_ADDRESS)).isEqualTo("127.0.0.1");
            assertThat(span.getAttributes().get(SERVER_PORT))
                    .isEqualTo((long) server.wireMock().port());
            assertThat(span.getAttributes().get(HTTP_RESPONSE_STATUS_CODE)).isEqualTo(200L);
            assertThat(span.getAttributes().get(NETWORK_PROTOCOL_VERSION)).isEqualTo("1.1");
            assertThat(span.getAttributes().get(ERROR_TYPE)).isNull();
            assertThat(span.getAttributes().get(HTTP_REQUEST_RESEND_COUNT)).isNull();
        });
        for (int i = 0; i < urls.size(); i++) {
            String url = urls.get(i);
            SpanData span = requests.stream()
                    .filter(s -> url.equals(s.getAttributes().get(URL_FULL)))
                    .findFirst()
                    .orElseThrow();
            assertThat(echoedHeader(traced.value().get(i), "traceparent")).isEqualTo(traceparent(span));
        }
    }

    @Test
    void aRefusedConnectionIsAnErrorSpanOfKindConnectAndAnErrorStatusNamesItsCode(SlowEndpoints server)
            throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String refused = "http://127.0.0.1:" + closed + "/nothing";
        String missing = server.status(404);
        FanoutTracing tracing = FanoutTracing.create(otel.getOpenTelemetry());
        List<Result> results;
        try (FanoutClient client =
                FanoutClient.builder().eventListenerFactory(tracing).build()) {
            results = tracing.fetchAll(client, List.of(refused, missing));
        }

        assertThat(results.get(0).error().kind()).isEqualTo(ErrorKind.CONNECT);
        List<SpanData> requests = ofKind(spans(3), SpanKind.CLIENT);
        SpanData failed = requests.stream()
                .filter(s -> refused.equals(s.getAttributes().get(URL_FULL)))
                .findFirst()
                .orElseThrow();
        assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(failed.getStatus().getDescription()).contains("CONNECT");
        assertThat(failed.getAttributes().get(ERROR_TYPE)).isEqualTo("CONNECT");
        assertThat(failed.getAttributes().get(HTTP_RESPONSE_STATUS_CODE)).isNull();
        assertThat(failed.getAttributes().get(SERVER_PORT)).isEqualTo((long) closed);
        SpanData notFound = requests.stream()
                .filter(s -> missing.equals(s.getAttributes().get(URL_FULL)))
                .findFirst()
                .orElseThrow();
        assertThat(notFound.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(notFound.getStatus().getDescription()).isEmpty(); // the status code says it
        assertThat(notFound.getAttributes().get(ERROR_TYPE)).isEqualTo("404");
        assertThat(notFound.getAttributes().get(HTTP_RESPONSE_STATUS_CODE)).isEqualTo(404L);
    }

    @Test
    void aRetryIsASecondSpanWithItsResendCountAndEachAttemptSentItsOwnContext(SlowEndpoints server) throws Exception {
        server.reset();
        String url = server.flaky(1, Failure.status(503));
        FanoutTracing tracing = FanoutTracing.create(otel.getOpenTelemetry());
        List<Result> results;
        try (FanoutClient client = FanoutClient.builder()
                .retry(RetryPolicy.exponential(3, Duration.ofMillis(1), Duration.ofMillis(5)))
                .eventListenerFactory(tracing)
                .build()) {
            results = tracing.fetchAll(client, List.of(url));
        }

        assertThat(results.get(0).ok()).as("%s", results.get(0)).isTrue();
        assertThat(results.get(0).attempts()).isEqualTo(2);
        List<SpanData> spans = spans(3);
        SpanData batch = named(spans, FanoutTracing.BATCH_SPAN);
        List<SpanData> attempts = ofKind(spans, SpanKind.CLIENT);
        assertThat(attempts).allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(batch.getSpanId()));
        SpanData first = attempts.stream()
                .filter(s -> s.getAttributes().get(HTTP_REQUEST_RESEND_COUNT) == null)
                .findFirst()
                .orElseThrow();
        SpanData second = attempts.stream()
                .filter(s -> Long.valueOf(1).equals(s.getAttributes().get(HTTP_REQUEST_RESEND_COUNT)))
                .findFirst()
                .orElseThrow();
        assertThat(first.getAttributes().get(HTTP_RESPONSE_STATUS_CODE)).isEqualTo(503L);
        assertThat(first.getAttributes().get(ERROR_TYPE)).isEqualTo("503");
        assertThat(first.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        EventData retry = first.getEvents().stream()
                .filter(e -> e.getName().equals("fanout.retry"))
                .findFirst()
                .orElseThrow();
        assertThat(retry.getAttributes().get(RETRY_ATTEMPT)).isEqualTo(2L);
        assertThat(retry.getAttributes().get(RETRY_REASON)).isEqualTo("503");
        assertThat(second.getAttributes().get(HTTP_RESPONSE_STATUS_CODE)).isEqualTo(200L);
        assertThat(second.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(second.getStartEpochNanos()).isGreaterThanOrEqualTo(first.getEndEpochNanos());
        List<String> sent = server.wireMock().getAllServeEvents().stream()
                .map(ServeEvent::getRequest)
                .map(r -> r.getHeader("traceparent"))
                .collect(Collectors.toList());
        assertThat(sent).containsExactlyInAnyOrder(traceparent(first), traceparent(second));
    }

    @Test
    void aRetriedConnectFailureIsASpanPerAttemptEachOfKindConnect() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        FanoutTracing tracing = FanoutTracing.create(otel.getOpenTelemetry());
        List<Result> results;
        try (FanoutClient client = FanoutClient.builder()
                .retry(RetryPolicy.exponential(3, Duration.ofMillis(1), Duration.ofMillis(5)))
                .eventListenerFactory(tracing)
                .build()) {
            results = tracing.fetchAll(client, List.of("http://127.0.0.1:" + closed + "/nothing"));
        }

        assertThat(results.get(0).error().kind()).isEqualTo(ErrorKind.CONNECT);
        // Three tries, none on the wire (attempts() counts sends): each is a span all the same, as
        // the conventions' own example of a DNS failure is.
        List<SpanData> attempts = ofKind(spans(4), SpanKind.CLIENT);
        assertThat(attempts)
                .extracting(s -> s.getAttributes().get(HTTP_REQUEST_RESEND_COUNT))
                .containsExactlyInAnyOrder(null, 1L, 2L);
        assertThat(attempts).allSatisfy(s -> {
            assertThat(s.getAttributes().get(ERROR_TYPE)).isEqualTo("CONNECT");
            assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        });
        assertThat(attempts)
                .filteredOn(s -> s.getAttributes().get(HTTP_REQUEST_RESEND_COUNT) == null
                        || s.getAttributes().get(HTTP_REQUEST_RESEND_COUNT) == 1L)
                .allSatisfy(s ->
                        assertThat(s.getEvents()).extracting(EventData::getName).containsExactly("fanout.retry"));
    }

    @Test
    void aHedgedCopyIsASpanOfItsOwnThatSentItsOwnContextAndTheLoserEndsCancelled(SlowEndpoints server)
            throws Exception {
        server.reset();
        String slow = server.delayed(Duration.ofMillis(500));
        FanoutTracing tracing = FanoutTracing.create(otel.getOpenTelemetry());
        List<Result> results;
        try (FanoutClient client = FanoutClient.builder()
                .hedgeAfter(Duration.ofMillis(50))
                .eventListenerFactory(tracing)
                .build()) {
            results = tracing.fetchAll(client, List.of(slow));
        }

        assertThat(results.get(0).hedges()).isEqualTo(1);
        List<SpanData> copies = ofKind(spans(3), SpanKind.CLIENT);
        SpanData copy = copies.stream()
                .filter(s -> Long.valueOf(1).equals(s.getAttributes().get(HTTP_REQUEST_RESEND_COUNT)))
                .findFirst()
                .orElseThrow();
        assertThat(copy.getEvents()).extracting(EventData::getName).containsExactly("fanout.hedge");
        SpanData loser = copies.stream()
                .filter(s -> Boolean.TRUE.equals(s.getAttributes().get(HttpClientAttributes.CANCELLED)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no span cancelled: " + copies));
        SpanData winner = copies.get(copies.get(0) == loser ? 1 : 0);
        assertThat(winner.getAttributes().get(HTTP_RESPONSE_STATUS_CODE)).isEqualTo(200L);
        assertThat(winner.getAttributes().get(HttpClientAttributes.CANCELLED)).isNull();
        assertThat(loser.getStatus().getStatusCode())
                .as("losing a race is no error")
                .isEqualTo(StatusCode.UNSET);
        assertThat(server.wireMock().getAllServeEvents())
                .extracting(e -> e.getRequest().getHeader("traceparent"))
                .containsExactlyInAnyOrder(traceparent(copies.get(0)), traceparent(copies.get(1)));
    }

    @Test
    void aRedirectsHopIsASpanOfItsOwnThatSentItsOwnContext(SlowEndpoints server) throws Exception {
        String target = server.echo();
        String redirect = server.redirect(302, target);
        FanoutTracing tracing = FanoutTracing.create(otel.getOpenTelemetry());
        List<Result> results;
        try (FanoutClient client =
                FanoutClient.builder().eventListenerFactory(tracing).build()) {
            results = tracing.fetchAll(client, List.of(redirect));
        }

        List<SpanData> hops = ofKind(spans(3), SpanKind.CLIENT);
        SpanData first = hops.stream()
                .filter(s -> s.getAttributes().get(HTTP_REQUEST_RESEND_COUNT) == null)
                .findFirst()
                .orElseThrow();
        SpanData second = hops.stream()
                .filter(s -> Long.valueOf(1).equals(s.getAttributes().get(HTTP_REQUEST_RESEND_COUNT)))
                .findFirst()
                .orElseThrow();
        assertThat(first.getAttributes().get(HTTP_RESPONSE_STATUS_CODE)).isEqualTo(302L);
        assertThat(first.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(second.getAttributes().get(HTTP_RESPONSE_STATUS_CODE)).isEqualTo(200L);
        // each hop names its own URL
        assertThat(first.getAttributes().get(URL_FULL)).isEqualTo(redirect);
        assertThat(second.getAttributes().get(URL_FULL)).isEqualTo(target);
        assertThat(second.getAttributes().get(SERVER_PORT))
                .isEqualTo((long) URI.create(target).getPort());
        assertThat(echoedHeader(results.get(0), "traceparent")).isEqualTo(traceparent(second));
    }

    @Test
    void oneRequestObjectInTwoBatchesWaitingAtOnceGetsEachBatchsOwnParent(SlowEndpoints server) throws Exception {
        Request shared = Request.get(server.echo());
        FanoutTracing tracing = FanoutTracing.create(otel.getOpenTelemetry());
        CountDownLatch release = new CountDownLatch(1);
        Traced<Batch> a;
        Traced<Batch> b;
        try (Loop loop = Loop.builder()
                        .name("held")
                        .slowTaskThreshold(Duration.ZERO)
                        .start();
                LogCapture handoff =
                        LogCapture.of(FanoutClient.class).capturedOnly().start();
                FanoutClient client = FanoutClient.builder()
                        .loop(loop)
                        .handoffTimeout(Duration.ofMillis(50))
                        .eventListenerFactory(tracing)
                        .build()) {
            // Hold the loop, so that both batches wait to be admitted with the same request object.
            loop.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            a = underTestSpan(() -> tracing.startAll(client, List.of(shared)));
            b = underTestSpan(() -> tracing.startAll(client, List.of(shared)));
            assertThat(handoff.messages()).anySatisfy(m -> assertThat(m).contains("did not take the batch"));
            release.countDown();
            a.value().awaitAll();
            b.value().awaitAll();
        }

        List<SpanData> spans = spans(6);
        for (Traced<Batch> traced : List.of(a, b)) {
            SpanData batch = spans.stream()
                    .filter(s -> s.getParentSpanId().equals(traced.parent().getSpanId()))
                    .findFirst()
                    .orElseThrow();
            SpanData request = spans.stream()
                    .filter(s -> s.getParentSpanId().equals(batch.getSpanId()))
                    .findFirst()
                    .orElseThrow();
            Result result = traced.value().awaitAll().get(0);
            assertThat(echoedHeader(result, "traceparent")).isEqualTo(traceparent(request));
        }
        assertThat(a.value().awaitAll().get(0).request()).isSameAs(shared);
        assertThat(b.value().awaitAll().get(0).request()).isSameAs(shared);
    }

    @Test
    void oneRequestObjectTwiceInABatchIsTwoSpansUnderIt(SlowEndpoints server) throws Exception {
        Request twice = Request.get(server.echo());
        FanoutTracing tracing = FanoutTracing.create(otel.getOpenTelemetry());
        List<Result> results;
        try (FanoutClient client =
                FanoutClient.builder().eventListenerFactory(tracing).build()) {
            results = tracing.sendAll(client, List.of(twice, twice));
        }

        List<SpanData> spans = spans(3);
        SpanData batch = named(spans, FanoutTracing.BATCH_SPAN);
        List<SpanData> requests = ofKind(spans, SpanKind.CLIENT);
        assertThat(requests).allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(batch.getSpanId()));
        assertThat(results)
                .extracting(r -> echoedHeader(r, "traceparent"))
                .containsExactlyInAnyOrder(traceparent(requests.get(0)), traceparent(requests.get(1)));
    }

    @Test
    void overHttp2TheSpanSaysProtocolVersion2() throws Exception {
        try (SlowEndpoints server = SlowEndpoints.builder().http2(true).start()) {
            String url = server.https(server.body(2));
            FanoutTracing tracing = FanoutTracing.create(otel.getOpenTelemetry());
            List<Result> results;
            try (FanoutClient client = FanoutClient.builder()
                    .trustCertificates(server.certificatePem())
                    .eventListenerFactory(tracing)
                    .build()) {
                results = tracing.fetchAll(client, List.of(url));
            }

            assertThat(results.get(0).response().protocol()).isEqualTo("HTTP/2");
            SpanData span = ofKind(spans(2), SpanKind.CLIENT).get(0);
            assertThat(span.getAttributes().get(NETWORK_PROTOCOL_VERSION)).isEqualTo("2");
            assertThat(span.getAttributes().get(SERVER_PORT))
                    .isEqualTo((long) server.wireMock().httpsPort());
        }
    }

    @Test
    void aLoneRequestSentThroughTheTracingIsAChildOfTheCallersSpanWithNoBatchBetween(SlowEndpoints server)
            throws Exception {
        FanoutTracing tracing = FanoutTracing.create(otel.getOpenTelemetry());
        Traced<Result> traced;
        try (FanoutClient client =
                FanoutClient.builder().eventListenerFactory(tracing).build()) {
            traced = underTestSpan(
                    () -> tracing.send(client, Request.get(server.echo())).join());
        }

        List<SpanData> spans = spans(2);
        SpanData request = ofKind(spans, SpanKind.CLIENT).get(0);
        assertThat(spans).extracting(SpanData::getName).doesNotContain(FanoutTracing.BATCH_SPAN);
        assertThat(request.getParentSpanId()).isEqualTo(traced.parent().getSpanId());
        assertThat(echoedHeader(traced.value(), "traceparent")).isEqualTo(traceparent(request));
    }

    @Test
    void aRequestTheServerRefusedUnprocessedIsSentAgainAsASpanOfItsOwn() throws Exception {
        FanoutTracing tracing = FanoutTracing.create(otel.getOpenTelemetry());
        List<Result> results;
        try (HostileServer server = HostileServer.start();
                FanoutClient client = FanoutClient.builder()
                        .httpVersion(HttpVersion.HTTP_2)
                        .eventListenerFactory(tracing)
                        .build()) {
            // One stream per connection, then GOAWAY: the second request, on the shared
            // connection, was not processed and is replayed on a new one, with no retry told.
            results = tracing.fetchAll(client, Collections.nCopies(2, server.h2GoAwayAfterStreams(1)));
        }

        assertThat(results).allSatisfy(r -> assertThat(r.ok()).as("%s", r).isTrue());
        List<SpanData> requests = ofKind(spans(4), SpanKind.CLIENT);
        SpanData refused = requests.stream()
                .filter(s -> s.getAttributes().get(HTTP_RESPONSE_STATUS_CODE) == null)
                .findFirst()
                .orElseThrow();
        assertThat(refused.getAttributes().get(ERROR_TYPE)).isEqualTo("CLOSED");
        assertThat(refused.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(refused.getEvents()).singleElement().satisfies(e -> {
            assertThat(e.getName()).isEqualTo("fanout.replay");
            assertThat(e.getAttributes().get(HttpClientAttributes.REPLAY_REASON))
                    .isEqualTo("refused");
        });
        assertThat(requests)
                .extracting(s -> s.getAttributes().get(HTTP_REQUEST_RESEND_COUNT))
                .containsExactlyInAnyOrder(null, null, 1L);
    }

    @Test
    void withoutTheWrapperEachRequestSpanIsAChildOfTheCallersSpan(SlowEndpoints server) throws Exception {
        FanoutTracing tracing = FanoutTracing.create(otel.getOpenTelemetry());
        Traced<List<Result>> traced;
        try (FanoutClient client =
                FanoutClient.builder().eventListenerFactory(tracing).build()) {
            traced = underTestSpan(() -> client.fetchAll(List.of(server.echo())));
        }

        SpanData request = ofKind(spans(2), SpanKind.CLIENT).get(0);
        assertThat(request.getParentSpanId()).isEqualTo(traced.parent().getSpanId());
        assertThat(request.getTraceId()).isEqualTo(traced.parent().getTraceId());
        assertThat(echoedHeader(traced.value().get(0), "traceparent")).isEqualTo(traceparent(request));
    }

    @Test
    void aUrlsCredentialsNeverReachTheSpan(SlowEndpoints server) throws Exception {
        String url = server.echo().replace("http://", "http://alice:s3cret@");
        FanoutTracing tracing = FanoutTracing.create(otel.getOpenTelemetry());
        List<Result> results;
        try (FanoutClient client =
                FanoutClient.builder().eventListenerFactory(tracing).build()) {
            results = tracing.fetchAll(client, List.of(url));
        }

        assertThat(results.get(0).ok()).as("%s", results.get(0)).isTrue();
        SpanData span = ofKind(spans(2), SpanKind.CLIENT).get(0);
        assertThat(span.getAttributes().get(URL_FULL))
                .isEqualTo(url.replace("alice:s3cret@", "REDACTED:REDACTED@"))
                .doesNotContain("s3cret")
                .doesNotContain("alice");
        assertThat(span.getAttributes().get(SERVER_ADDRESS)).isEqualTo("127.0.0.1");
    }
}
