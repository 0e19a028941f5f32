package example.users;

import dev.fanout.client.FanoutClient;
import dev.fanout.client.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Looks users up on the users API, all of them at once. */
public final class UserDirectory implements AutoCloseable {

    private final FanoutClient client = FanoutClient.create();
    private final String baseUrl;

    public UserDirectory(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Returns the users of these ids that the API answered, by id; the others are left out. */
    public Map<Long, User> users(List<Long> ids) {
        List<String> urls = new ArrayList<>();
        for (long id : ids) {
            urls.add(baseUrl + "/users/" + id);
        }
        Map<Long, User> users = new LinkedHashMap<>();
        for (Result result : client.fetchAll(urls)) {
            if (result.ok()) {
                users.put(ids.get(result.index()), result.response().json(User.class));
            }
        }
        return users;
    }

    @Override
    public void close() {
        client.close();
    }
}
