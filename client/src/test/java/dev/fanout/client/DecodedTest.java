package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** fetchAllAs decodes every 2xx body into a type and keeps each request's own error, DECODE included. */
class DecodedTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    /** What the test decodes into. */
    public record User(int id, String name) {}

    @Test
    void eachBodyDecodesOrFailsOnItsOwn(SlowEndpoints server) throws Exception {
        String refused;
        try (ServerSocket socket = new ServerSocket(0)) {
            refused = "http://127.0.0.1:" + socket.getLocalPort() + "/users/9";
        }
        List<String> urls = List.of(
                server.json("{\"id\": 1, \"name\": \"Ada\"}"),
                server.json("{\"id\": \"not a number\"}"),
                server.body(12),
                server.status(404),
                refused);
        try (FanoutClient client = FanoutClient.create()) {
            List<Decoded<User>> users = client.fetchAllAs(urls, User.class);

            assertThat(users.get(0).ok()).isTrue();
            assertThat(users.get(0).value()).isEqualTo(new User(1, "Ada"));
            assertThat(users.get(1).error().kind()).isEqualTo(ErrorKind.DECODE);
            assertThat(users.get(1).error().getMessage())
                    .contains("does not map to")
                    .contains("not a number");
            assertThat(users.get(2).error().kind()).isEqualTo(ErrorKind.DECODE);
            assertThat(users.get(2).error().getMessage()).contains("body starts");
            assertThat(users.get(3).error()).isNull();
            assertThat(users.get(3).value()).isNull();
            assertThat(users.get(3).result().status()).isEqualTo(404);
            assertThat(users.get(4).error().kind()).isEqualTo(ErrorKind.CONNECT);
            assertThat(users).extracting(Decoded::index).containsExactly(0, 1, 2, 3, 4);
        }
    }
}
