package dev.fanout.cli;

import static dev.fanout.cli.TestRows.failed;
import static dev.fanout.cli.TestRows.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON-lines output: one object per result, every field, failures with their kind and message. */
class JsonLinesWriterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static List<JsonNode> write(boolean withBody, Row... rows) throws Exception {
        StringWriter text = new StringWriter();
        JsonLinesWriter writer = new JsonLinesWriter(new PrintWriter(text), withBody);
        for (Row row : rows) {
            writer.write(row);
        }
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : text.toString().lines().toList()) {
            nodes.add(MAPPER.readTree(line));
        }
        return nodes;
    }

    @Test
    void aResponseCarriesEveryFieldWithTimingsInMilliseconds() throws Exception {
        JsonNode json = write(false, ok(7, "http://h/a", 3, 1, 2, 230, 4)).get(0);
        assertThat(json.get("index").asInt()).isEqualTo(7);
        assertThat(json.get("method").asText()).isEqualTo("GET");
        assertThat(json.get("url").asText()).isEqualTo("http://h/a");
        assertThat(json.get("status").asInt()).isEqualTo(200);
        assertThat(json.get("error").isNull()).isTrue();
        assertThat(json.get("message").isNull()).isTrue();
        assertThat(json.get("timings").get("start").asDouble()).isEqualTo(3.0);
        assertThat(json.get("timings").get("queued").asDouble()).isEqualTo(1.0);
        assertThat(json.get("timings").get("connect").asDouble()).isEqualTo(2.0);
        assertThat(json.get("timings").get("waiting").asDouble()).isEqualTo(230.0);
        assertThat(json.get("timings").get("receiving").asDouble()).isEqualTo(4.0);
        assertThat(json.get("timings").get("total").asDouble()).isEqualTo(237.0);
        assertThat(json.get("timings").has("dns")).isTrue();
        assertThat(json.get("timings").has("tls")).isTrue();
        assertThat(json.get("size").asLong()).isEqualTo(1234);
        assertThat(json.get("protocol").asText()).isEqualTo("HTTP/1.1");
        assertThat(json.get("attempts").asInt()).isEqualTo(1);
        assertThat(json.has("body")).isFalse();
    }

    @Test
    void aFailureHasNullStatusAndItsKindAndMessage() throws Exception {
        JsonNode json =
                write(false, failed(1, "http://h/never", "TIMEOUT", 0, 2500)).get(0);
        assertThat(json.get("status").isNull()).isTrue();
        assertThat(json.get("error").asText()).isEqualTo("TIMEOUT");
        assertThat(json.get("message").asText()).contains("http://h/never");
        assertThat(json.get("timings").get("total").asDouble()).isEqualTo(2500.0);
    }

    @Test
    void bodiesComeWithBodyOnlyAndAreEscaped() throws Exception {
        Row row = ok(0, "http://h/a", 0, 0, 0, 1, 0).withBody("line one\n\"quoted\" \u00e9");
        List<JsonNode> nodes = write(true, row, failed(1, "http://h/b", "CLOSED", 0, 1));
        assertThat(nodes.get(0).get("body").asText()).isEqualTo("line one\n\"quoted\" \u00e9");
        assertThat(nodes.get(1).get("body").isNull()).isTrue();
    }
}
