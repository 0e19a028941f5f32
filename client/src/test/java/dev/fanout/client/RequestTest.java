package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What goes on the wire: methods, default and custom headers, bodies from bytes, text and objects. */
class RequestTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    private static FanoutClient client;

    /** A record Jackson writes as JSON. */
    record Order(String item, int count) {}

    @BeforeAll
    static void start() {
        client = FanoutClient.builder()
                .objectMapper(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT))
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private static JsonNode send(Request request) {
        return Echo.of(client.sendAll(List.of(request)).get(0));
    }

    @Test
    void defaultHeadersNameTheClientAndAskForCompression(SlowEndpoints server) {
        JsonNode echo = send(Request.get(server.echo()));

        assertThat(Echo.header(echo, "User-Agent")).startsWith("fanout/");
        assertThat(Echo.header(echo, "Accept-Encoding")).isEqualTo("gzip, deflate");
        assertThat(Echo.header(echo, "Host"))
                .isEqualTo("127.0.0.1:" + URI.create(server.baseUrl()).getPort());
        assertThat(echo.get("method").asText()).isEqualTo("GET");
    }

    @Test
    void aRequestHeaderReplacesADefaultOfTheSameName(SlowEndpoints server) {
        JsonNode echo = send(Request.builder(server.echo())
                .header("user-agent", "mine/1")
                .header("X-Id", "7")
                .build());

        assertThat(Echo.header(echo, "User-Agent")).isEqualTo("mine/1");
        assertThat(Echo.header(echo, "X-Id")).isEqualTo("7");
    }

    @Test
    void aStringBodyIsUtf8Text(SlowEndpoints server) {
        JsonNode echo = send(Request.post(server.echo(), "grüße"));

        assertThat(echo.get("method").asText()).isEqualTo("POST");
        assertThat(echo.get("body").asText()).isEqualTo("grüße");
        assertThat(Echo.header(echo, "Content-Type")).isEqualTo("text/plain; charset=UTF-8");
        assertThat(Echo.header(echo, "Content-Length"))
                .isEqualTo(String.valueOf("grüße".getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    void anObjectBodyIsWrittenByTheClientsObjectMapper(SlowEndpoints server) {
        JsonNode echo = send(Request.builder(server.echo())
                .method("PUT")
                .json(new Order("pizza", 2))
                .build());

        assertThat(Echo.header(echo, "Content-Type")).isEqualTo("application/json");
        JsonNode sent = readJson(echo.get("body").asText());
        assertThat(sent.get("item").asText()).isEqualTo("pizza");
        assertThat(sent.get("count").asInt()).isEqualTo(2);
        assertThat(echo.get("body").asText()).contains("\n"); // the configured mapper indents
    }

    @Test
    void postJsonSendsTheObjectAsApplicationJson(SlowEndpoints server) {
        JsonNode echo = send(Request.postJson(server.echo(), Map.of("n", 1)));

        assertThat(echo.get("method").asText()).isEqualTo("POST");
        assertThat(Echo.header(echo, "Content-Type")).isEqualTo("application/json");
        assertThat(readJson(echo.get("body").asText()).get("n").asInt()).isEqualTo(1);
    }

    @Test
    void jsonTextIsSentAsItIsAsApplicationJson(SlowEndpoints server) {
        JsonNode echo = send(Request.builder(server.echo())
                .method("PUT")
                .jsonBody("{\"n\":1}")
                .build());

        assertThat(Echo.header(echo, "Content-Type")).isEqualTo("application/json");
        assertThat(echo.get("body").asText()).isEqualTo("{\"n\":1}");
    }

    @Test
    void aByteBodyIsSentAsIsWithTheContentTypeGiven(SlowEndpoints server) {
        JsonNode echo = send(Request.builder(server.echo())
                .method("PATCH")
                .header("Content-Type", "application/octet-stream")
                .body("raw".getBytes(StandardCharsets.US_ASCII))
                .build());

        assertThat(echo.get("method").asText()).isEqualTo("PATCH");
        assertThat(echo.get("body").asText()).isEqualTo("raw");
        assertThat(Echo.header(echo, "Content-Type")).isEqualTo("application/octet-stream");
    }

    @Test
    void aPostWithoutBodySaysContentLengthZero(SlowEndpoints server) {
        JsonNode echo = send(Request.builder(server.echo()).method("POST").build());

        assertThat(Echo.header(echo, "Content-Length")).isEqualTo("0");
    }

    @Test
    void anObjectJacksonCannotWriteIsInvalidRequest(SlowEndpoints server) {
        Result r = client.sendAll(List.of(
                        Request.builder(server.echo()).json(new Object()).build()))
                .get(0);

        assertThat(r.error().kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(r.error().getMessage()).contains("JSON");
    }

    @Test
    void theBuilderRejectsNullsAndNonPositiveTimeoutsAtOnce() {
        assertThatThrownBy(() -> Request.get(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Request.builder("http://x/").timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout: PT0S (expected: > 0)");
        assertThatThrownBy(() -> FanoutClient.builder().maxInFlight(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxInFlight: 0 (expected: > 0)");
        assertThatThrownBy(() -> FanoutClient.builder().maxConnectionsPerHost(-1))
                .hasMessage("maxConnectionsPerHost: -1 (expected: > 0)");
        assertThatThrownBy(() -> FanoutClient.builder().requestTimeout(Duration.ofSeconds(-1)))
                .hasMessage("requestTimeout: PT-1S (expected: > 0)");
    }

    private static JsonNode readJson(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
