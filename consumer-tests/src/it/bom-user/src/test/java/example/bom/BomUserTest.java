package example.bom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fanout.client.FanoutClient;
import dev.fanout.client.Result;
import dev.fanout.client.Version;
import dev.fanout.testkit.SlowEndpoints;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client and the testkit that fanout-bom chose, used together: the BOM's release works. */
class BomUserTest {

    @Test
    void theBomsClientFetchesFromTheBomsTestkit() {
        assertEquals(System.getProperty("fanout.bom.version"), Version.version(), "the client is the BOM's release");
        try (SlowEndpoints server = SlowEndpoints.start();
                FanoutClient client = FanoutClient.create()) {
            List<String> urls = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                urls.add(server.url("/delay/50/" + i));
            }
            List<Result> results = client.fetchAll(urls);
            assertEquals(20, results.size());
            for (Result result : results) {
                assertTrue(result.ok(), () -> "result " + result.index() + ": " + result.error());
            }
        }
    }
}
