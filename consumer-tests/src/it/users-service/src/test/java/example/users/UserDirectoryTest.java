package example.users;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.testkit.Answer;
import dev.fanout.testkit.Failure;
import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UserDirectoryTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    @BeforeEach
    void usersApi(SlowEndpoints server) {
        server.stub(get(urlPathMatching("/users/[0-9]+")),
                Answer.json(path -> {
                    String id = path.substring("/users/".length());
                    return "{\"id\":" + id + ",\"name\":\"user " + id + "\"}";
                }).delay(Duration.ofSeconds(2)));
    }

    @Test
    void looksEveryUserUpAtOnce(SlowEndpoints server) {
        List<Long> ids = new ArrayList<>();
        for (long id = 1; id <= 20; id++) {
            ids.add(id);
        }

        Map<Long, User> users;
        try (UserDirectory directory = new UserDirectory(server.baseUrl())) {
            users = directory.users(ids);
        }

        assertThat(users).hasSize(20);
        assertThat(users.get(7L)).isEqualTo(new User(7, "user 7"));
        assertThat(server.peakInFlight()).isEqualTo(20); // all held at once, not one by one
    }

    @Test
    void leavesOutTheUsersTheApiFailedOn(SlowEndpoints server) {
        server.stub(get("/users/2"), Answer.failure(Failure.connectionReset()));
        server.stub(get("/users/3"), Answer.failure(Failure.status(503)));

        Map<Long, User> users;
        try (UserDirectory directory = new UserDirectory(server.baseUrl())) {
            users = directory.users(List.of(1L, 2L, 3L, 4L));
        }

        assertThat(users).containsOnlyKeys(1L, 4L);
    }

    @Test
    void runsOnTheJUnitItWasBuiltFor() {
        // The JUnit on the class path is the one this build chose, not one the testkit brought.
        String expected = System.getProperty("junit.version");

        assertThat(Test.class.getPackage().getImplementationVersion()).isEqualTo(expected);
    }
}
