package example.users;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.client.ErrorKind;
import dev.fanout.client.FanoutClient;
import dev.fanout.client.Result;
import dev.fanout.testkit.Answer;
import dev.fanout.testkit.Failure;
import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FanOutTest {

    @RegisterExtension // static: one server for the class, reset before each test
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    record User(long id, String name) {}

    @Test
    void fetchesEveryUserAtOnce(SlowEndpoints server) {
        // Your own API, slow as real ones are: a log-normal delay per request, 200 ms median.
        server.stub(get(urlPathMatching("/users/[0-9]+")),
                Answer.json(path -> "{\"id\":" + path.substring("/users/".length()) + ",\"name\":\"Ada\"}")
                        .logNormalDelay(Duration.ofMillis(200), 0.5, Duration.ofSeconds(1)));
        server.stub(get("/users/13"), Answer.failure(Failure.connectionReset()));
        List<String> urls = new ArrayList<>();
        for (int id = 1; id <= 200; id++) {
            urls.add(server.url("/users/" + id));
        }

        long start = System.nanoTime();
        List<Result> results;
        try (FanoutClient client = FanoutClient.create()) {
            results = client.fetchAll(urls); // results.get(i) answers urls.get(i)
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);

        assertThat(results.get(6).response().json(User.class)).isEqualTo(new User(7, "Ada"));
        assertThat(results.get(12).error().kind()).isEqualTo(ErrorKind.CLOSED); // the reset
        assertThat(results).filteredOn(Result::ok).hasSize(199);
        Duration oneAfterAnother = results.stream().map(Result::elapsed).reduce(Duration.ZERO, Duration::plus);
        assertThat(wall).isLessThan(oneAfterAnother.dividedBy(10)); // all at once
    }
}
