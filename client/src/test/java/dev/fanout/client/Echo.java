package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Reads what the testkit's echo endpoint saw of a request: its JSON answer. */
final class Echo {

    private Echo() {}

    /** Returns the echo of a request that must have been answered 2xx. */
    static JsonNode of(Result result) {
        assertThat(result.ok()).as("%s", result).isTrue();
        return result.response().json(JsonNode.class);
    }

    /** Returns the first value of the header {@code name} (any case) the server saw, or null. */
    static String header(JsonNode echo, String name) {
        for (Map.Entry<String, JsonNode> e : echo.get("headers").properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue().get(0).asText();
            }
        }
        return null;
    }
}
