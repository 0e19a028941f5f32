package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.testkit.SlowEndpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** fetchAll's contract: every URL started at once, one result per URL in input order, errors as values. */
class FetchAllTest {

    private static SlowEndpoints server;
    private static FanoutClient client;

    @BeforeAll
    static void start() {
        server = SlowEndpoints.start();
        client = FanoutClient.create();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void resultsComeInInputOrderWhateverOrderTheyFinishIn() {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            urls.add(server.delayed(Duration.ofMillis(200 - i * 10)));
        }

        List<Result> results = client.fetchAll(urls);

        assertThat(results).hasSize(20);
        for (int i = 0; i < 20; i++) {
            Result r = results.get(i);
            assertThat(r.index()).isEqualTo(i);
            assertThat(r.request().url()).isEqualTo(urls.get(i));
            assertThat(r.ok()).as("%s", r).isTrue();
            assertThat(r.bodyAsString())
                    .contains(urls.get(i).substring(server.baseUrl().length()));
        }
    }

    @Test
    void oneFailingUrlDoesNotFailTheBatch() {
        List<String> urls = List.of(
                server.body(10),
                "http://unresolvable.invalid/x",
                server.status(404),
                server.emptyResponse(),
                server.body(20));

        List<Result> results = client.fetchAll(urls);

        assertThat(results).extracting(Result::status).containsExactly(200, 0, 404, 0, 200);
        assertThat(results.get(1).error().kind()).isEqualTo(ErrorKind.DNS);
        assertThat(results.get(1).error().getMessage()).contains("http://unresolvable.invalid/x");
        assertThat(results.get(3).error().kind()).isEqualTo(ErrorKind.CLOSED);
        assertThat(results.get(2).ok()).isFalse();
        assertThat(results.get(2).error()).isNull();
        assertThat(results.get(4).response().body()).hasSize(20);
    }

    @Test
    void anEmptyListReturnsAnEmptyListAtOnce() {
        assertThat(client.fetchAll(List.of())).isEmpty();
        assertThat(client.fetchAllAsync(List.of())).isCompletedWithValue(List.of());
    }

    @Test
    void aNullListIsANullPointerException() {
        assertThatThrownBy(() -> client.fetchAll(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> client.sendAll(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theAsyncFormCompletesWithTheSameResults() {
        List<String> urls = server.delayed(5, Duration.ofMillis(50));

        List<Result> results = client.fetchAllAsync(urls).join();

        assertThat(results).extracting(Result::status).containsOnly(200);
        assertThat(results).extracting(r -> r.request().url()).containsExactlyElementsOf(urls);
    }

    @Test
    void sendAnswersOneRequest() {
        Result r = client.send(Request.get(server.json())).join();

        assertThat(r.ok()).isTrue();
        assertThat(r.response().header("content-type")).startsWith("application/json");
        assertThat(r.response().json(JsonNode.class).has("url")).isTrue();
        assertThat(r.response().protocol()).isEqualTo("HTTP/1.1");
        assertThat(r.attempts()).isEqualTo(1);
    }
}
