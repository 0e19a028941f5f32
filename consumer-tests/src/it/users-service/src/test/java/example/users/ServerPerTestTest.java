package example.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.client.FanoutClient;
import dev.fanout.client.Result;
import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension in an instance field: a server of each test's own, closed after it. */
class ServerPerTestTest {

    @RegisterExtension
    final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    @Test
    void eachTestHasAServerOfItsOwn() {
        SlowEndpoints server = endpoints.server();

        Result result;
        try (FanoutClient client = FanoutClient.create()) {
            result = client.fetchAll(List.of(server.delayed(Duration.ofMillis(10)))).get(0);
        }

        assertThat(result.ok()).isTrue();
        assertThat(server.requestCount()).isEqualTo(1);
    }
}
