package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reading other people's JSON with the client's default mapper: generic types, fields the
 * caller's type does not have, java.time values, and what the error says when the JSON does not fit.
 */
class JsonTest {

    record User(int id, String name) {}

    record Event(Instant at, OffsetDateTime local) {}

    private static final Map<String, String> BODIES = Map.of(
            "/users", "[{\"id\":1,\"name\":\"ada\",\"email\":\"ada@example.com\"},{\"id\":2,\"name\":\"grace\"}]",
            "/user", "{\"id\":1,\"name\":\"ada\",\"roles\":[\"admin\"],\"created\":\"2026-01-01\"}",
            "/event", "{\"at\":\"2026-12-03T10:15:30Z\",\"local\":\"2026-12-03T10:15:30+02:00\"}",
            "/mismatch", "{\"id\":\"one\",\"name\":\"ada\"}",
            "/not-json", "<html>oops</html>",
            "/empty", "");

    private RawServer server;
    private FanoutClient client;

    @BeforeEach
    void start() throws IOException {
        server = new RawServer(c -> {
            for (String head; (head = c.readRequest()) != null; ) {
                String path = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
                String body = BODIES.getOrDefault(
                        path, "{\"echo\":" + (server.requests().size()) + "}");
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                c.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                        + "\r\n\r\n");
                c.write(bytes);
            }
        });
        client = FanoutClient.create();
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.close();
    }

    private Response get(String path) {
        Result r = client.fetchAll(List.of(server.url(path))).get(0);
        assertThat(r.ok()).as("%s", r).isTrue();
        return r.response();
    }

    @Test
    void aGenericListIsReadThroughATypeReference() {
        List<User> users = get("/users").json(new TypeReference<List<User>>() {});

        assertThat(users).containsExactly(new User(1, "ada"), new User(2, "grace"));
    }

    @Test
    void aGenericListIsReadThroughAJavaType() {
        JavaType type = new ObjectMapper().getTypeFactory().constructCollectionType(List.class, User.class);
        List<User> users = get("/users").json(type);

        assertThat(users).containsExactly(new User(1, "ada"), new User(2, "grace"));
    }

    @Test
    void fieldsTheRecordDoesNotHaveAreIgnored() {
        assertThat(get("/user").json(User.class)).isEqualTo(new User(1, "ada"));
    }

    @Test
    void javaTimeValuesAreReadFromIsoStringsKeepingTheirOffset() {
        Event event = get("/event").json(Event.class);

        assertThat(event.at()).isEqualTo(Instant.parse("2026-12-03T10:15:30Z"));
        assertThat(event.local()).isEqualTo(OffsetDateTime.of(2026, 12, 3, 10, 15, 30, 0, ZoneOffset.ofHours(2)));
    }

    @Test
    void javaTimeValuesAreWrittenAsIsoStrings() {
        Event event = new Event(
                Instant.parse("2026-12-03T10:15:30Z"),
                OffsetDateTime.of(2026, 12, 3, 10, 15, 30, 0, ZoneOffset.ofHours(2)));
        client.sendAll(List.of(
                Request.builder(server.url("/post")).method("POST").json(event).build()));

        assertThat(server.requests().get(0))
                .endsWith("{\"at\":\"2026-12-03T10:15:30Z\",\"local\":\"2026-12-03T10:15:30+02:00\"}");
    }

    @Test
    void jsonThatDoesNotFitTheTypeSaysWhatDidNotMapNotThatItIsNotJson() {
        Response r = get("/mismatch");

        assertThatThrownBy(() -> r.json(User.class))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageNotContaining("not JSON")
                .hasMessageContaining("does not map to " + User.class.getName())
                .hasMessageContaining("int") // the type it wanted
                .hasMessageContaining("\"one\"") // the value it got
                .hasMessageContaining("id") // where: the field's path
                .hasMessageContaining("body starts: {\"id\":\"one\"");
    }

    @Test
    void aBodyThatDoesNotParseIsNotJsonAndShowsItsStart() {
        Response r = get("/not-json");

        assertThatThrownBy(() -> r.json(User.class))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("is not JSON")
                .hasMessageContaining("body starts: <html>oops</html>");
    }

    @Test
    void anEmptyBodySaysItIsEmpty() {
        Response r = get("/empty");

        assertThatThrownBy(() -> r.json(new TypeReference<List<User>>() {}))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("empty");
    }
}
