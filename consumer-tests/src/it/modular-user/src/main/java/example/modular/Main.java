package example.modular;

import dev.fanout.client.FanoutClient;
import dev.fanout.client.Result;
import dev.fanout.loop.Loop;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs on the module path: fetches 20 users at once and reads each into a {@link User}; throws
 * (and so fails the build) if any result is not the user asked for, or if the run was not
 * really modular.
 */
public final class Main {

    private static final int USERS = 20;

    public static void main(String[] args) throws Exception {
        Module self = Main.class.getModule();
        Module client = FanoutClient.class.getModule();
        Module loop = Loop.class.getModule();
        check(self.isNamed() && client.isNamed() && loop.isNamed(), "every module is named: " + self + ", " + client
                + ", " + loop);
        check(client.getName().equals("dev.fanout.client"), "client module: " + client.getName());
        check(loop.getName().equals("dev.fanout.loop"), "loop module: " + loop.getName());
        check(!client.isExported("dev.fanout.client.internal", self), "the client's internals are not exported");
        check(!loop.isExported("dev.fanout.loop.internal", self), "the loop's internals are not exported to users");
        check(loop.isExported("dev.fanout.loop.internal", client), "the loop's internals are exported to the client");

        try (UsersApi api = new UsersApi();
                FanoutClient fanout = FanoutClient.create()) {
            List<String> urls = new ArrayList<>();
            for (int id = 1; id <= USERS; id++) {
                urls.add(api.baseUrl() + "/users/" + id);
            }
            List<Result> results = fanout.fetchAll(urls);
            check(results.size() == USERS, "one result per URL: " + results.size());
            for (Result result : results) {
                check(result.error() == null, "result " + result.index() + ": " + result.error());
                User user = result.response().json(User.class);
                long expected = result.index() + 1L;
                check(user.equals(new User(expected, "user " + expected)), "result " + result.index() + ": " + user);
            }
        }
        System.out.println("modular-user: " + USERS + " users fetched at once and read into records, on the module path");
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("not as expected: " + what);
        }
    }
}
