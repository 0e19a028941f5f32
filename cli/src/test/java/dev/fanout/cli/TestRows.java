package dev.fanout.cli;

import dev.fanout.client.Timings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Rows made up for renderer tests: no network, no client. */
final class TestRows {

    private TestRows() {}

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    /** A 200 that started at {@code startMs}: queued, connect, waiting, receiving as given. */
    static Row ok(
            int index, String url, long startMs, long queuedMs, long connectMs, long waitingMs, long receivingMs) {
        long total = queuedMs + connectMs + waitingMs + receivingMs;
        Timings timings = new Timings(
                ms(startMs),
                ms(queuedMs),
                Duration.ZERO,
                ms(connectMs),
                Duration.ZERO,
                ms(waitingMs),
                ms(receivingMs),
                ms(total));
        return Row.response(index, "GET", url, 200, timings, 1234, "HTTP/1.1");
    }

    /** Timings that start at {@code start} and spend all of {@code total} waiting for the answer. */
    static Timings waitingOnly(Duration start, Duration total) {
        return new Timings(
                start, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, total, Duration.ZERO, total);
    }

    /** A failure of {@code kind} after {@code totalMs} of waiting, its message as the client writes one. */
    static Row failed(int index, String url, String kind, long startMs, long totalMs) {
        return Row.failure(
                index,
                "GET",
                url,
                kind,
                kind + " " + url + ": no complete response within " + totalMs + " ms (while waiting for the response)",
                waitingOnly(ms(startMs), ms(totalMs)));
    }

    /** {@code n} rows with random phases, every fifth one failed, on http://127.0.0.1:1234. */
    static List<Row> random(int n, long seed) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String url = "http://127.0.0.1:1234/delay/" + random.nextInt(2000) + "/" + i;
            if (i % 5 == 4) {
                rows.add(failed(i, url, "TIMEOUT", random.nextInt(20), 500 + random.nextInt(2000)));
            } else {
                rows.add(ok(
                        i,
                        url,
                        random.nextInt(20),
                        random.nextInt(100),
                        random.nextInt(5),
                        random.nextInt(1500),
                        random.nextInt(300)));
            }
        }
        return rows;
    }
}
