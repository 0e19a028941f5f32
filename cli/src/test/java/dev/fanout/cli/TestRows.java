package dev.fanout.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Rows made up for renderer tests: no network, no client. */
final class TestRows {

    private TestRows() {
    }

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    /** A 200 that started at {@code startMs}: queued, connect, waiting, receiving as given. */
    static Row ok(int index, String url, long startMs, long queuedMs, long connectMs, long waitingMs,
            long receivingMs) {
        long total = queuedMs + connectMs + waitingMs + receivingMs;
        Row.Phases phases = new Row.Phases(ms(startMs), ms(queuedMs), Duration.ZERO, ms(connectMs), Duration.ZERO,
                ms(waitingMs), ms(receivingMs), ms(total));
        return Row.response(index, "GET", url, 200, phases, 1234, "HTTP/1.1");
    }

    /** A failure of {@code kind} after {@code totalMs} of waiting. */
    static Row failed(int index, String url, String kind, long startMs, long totalMs) {
        return Row.failure(index, "GET", url, kind, kind + ": " + url,
                Row.Phases.waitingOnly(ms(startMs), ms(totalMs)));
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
                rows.add(ok(i, url, random.nextInt(20), random.nextInt(100), random.nextInt(5),
                        random.nextInt(1500), random.nextInt(300)));
            }
        }
        return rows;
    }
}
