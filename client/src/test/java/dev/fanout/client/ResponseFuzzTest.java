package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.fanout.loop.testing.LogCapture;
import dev.fanout.testkit.HostileServer;
import dev.fanout.testkit.HostileServer.Then;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fuzzes the response side over loopback: {@link MalformedResponses} makes seeded malformed and
 * truncated responses, the testkit's {@link HostileServer} sends each byte for byte and then
 * keeps the connection, closes it, resets it or goes silent, and the client fetches them in
 * batches of 200. For every input: exactly one result, a response or an error of a kind a
 * server can cause; nothing thrown past a pipeline or a loop task (Netty logs those at WARN);
 * no buffer leaked (the leak detector runs at paranoid around every test); and the client still
 * fetches a good URL after each batch.
 *
 * <p>400 inputs by default (seed 1, so a failure repeats); {@code -Dfanout.fuzz.inputs=N} and
 * {@code -Dfanout.fuzz.seed=S} run more, or others: {@code mvn -pl client verify -Pfuzz
 * -Dtest=ResponseFuzzTest} runs 20,000 on a seed drawn from the clock and printed.
 */
class ResponseFuzzTest {

    private static final int BATCH = 200;
    private static final Set<ErrorKind> SERVER_CAUSED =
            EnumSet.of(ErrorKind.PROTOCOL, ErrorKind.CLOSED, ErrorKind.TIMEOUT, ErrorKind.TOO_LARGE, ErrorKind.CONNECT);

    @RegisterExtension
    final LogCapture netty = LogCapture.of("io.netty").atLevel(Level.WARN);

    @RegisterExtension
    final LogCapture fanout = LogCapture.of("dev.fanout").atLevel(Level.ERROR);

    @Test
    void everyMalformedResponseEndsInExactlyOneResultAndTheClientGoesOn() {
        int inputs = Integer.getInteger("fanout.fuzz.inputs", 400);
        String seedText = System.getProperty("fanout.fuzz.seed", "1");
        long seed = seedText.equals("clock") ? System.currentTimeMillis() : Long.parseLong(seedText);
        System.out.printf("ResponseFuzzTest: %d inputs, seed %d%n", inputs, seed);
        MalformedResponses responses = new MalformedResponses(seed);
        Then[] endings = Then.values();
        Map<ErrorKind, Integer> kinds = new EnumMap<>(ErrorKind.class);
        int answered = 0;
        try (HostileServer server = HostileServer.start();
                FanoutClient client = FanoutClient.builder()
                        .requestTimeout(Duration.ofMillis(1500))
                        .maxResponseBytes(64 << 10)
                        .build()) {
            Random pick = new Random(seed);
            for (int done = 0; done < inputs; done += BATCH) {
                int n = Math.min(BATCH, inputs - done);
                List<String> urls = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    urls.add(server.raw(responses.next(4096), endings[pick.nextInt(endings.length)]));
                }
                AtomicIntegerArray endingsSeen = new AtomicIntegerArray(n);
                Batch batch = client.startAll(urls.stream().map(Request::get).toList());
                batch.onResult(r -> endingsSeen.incrementAndGet(r.index()));
                List<Result> results = batch.awaitAll(Duration.ofSeconds(60));

                for (int i = 0; i < n; i++) {
                    Result r = results.get(i);
                    String input = "input " + (done + i) + " (seed " + seed + "): " + urls.get(i);
                    assertThat(endingsSeen.get(i)).as(input).isEqualTo(1);
                    assertThat(r.index()).as(input).isEqualTo(i);
                    if (r.response() != null) {
                        answered++;
                    } else {
                        assertThat(r.error().kind())
                                .as(input + ": " + r.error())
                                .isIn(SERVER_CAUSED);
                        kinds.merge(r.error().kind(), 1, Integer::sum);
                    }
                }
                // Another origin (the same server), so not a connection the batch left behind: a
                // server may go silent on a keep-alive connection whose response looked whole.
                Result good = client.fetchAll(List.of(server.ok().replace("127.0.0.1", "localhost")))
                        .get(0);
                assertThat(good.ok())
                        .as("after the batch from input %d: %s", done, good.error())
                        .isTrue();
            }
        }
        System.out.printf("ResponseFuzzTest: %d answered, failures by kind %s%n", answered, kinds);
        assertThat(netty.messages())
                .as("Netty's warnings (an exception past a pipeline or a task)")
                .isEmpty();
        assertThat(fanout.messages()).as("the client's errors").isEmpty();
    }
}
