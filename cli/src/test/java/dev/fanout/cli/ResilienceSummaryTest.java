package dev.fanout.cli;

import static dev.fanout.cli.TestRows.ms;
import static dev.fanout.cli.TestRows.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary's lines about retries, hedges, the rate and the tail, on made-up rows. */
class ResilienceSummaryTest {

    private static String render(List<Row> rows, Resilience asked) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        ResilienceSummary summary = ResilienceSummary.of(rows, asked);
        summary.renderCounts(out, Style.of(Terminal.plain(200)), 200);
        summary.renderTail(out, Style.of(Terminal.plain(200)), 200);
        out.flush();
        return text.toString();
    }

    @Test
    void nothingAskedAndNothingSentTwiceSaysNothing() {
        assertThat(render(List.of(ok(0, "http://h/a", 0, 0, 0, 10, 0)), Resilience.none()))
                .isEmpty();
    }

    @Test
    void aRequestSentTwiceWithoutRetriesIsAStaleConnectionsReplay() {
        List<Row> rows = List.of(ok(0, "http://h/a", 0, 0, 0, 10, 0).withAttempts(2, 0));
        assertThat(render(rows, Resilience.none()))
                .contains("retries      1 send again, for 1 request (the most tries: 2)")
                .contains("replays after a stale pooled connection");
    }

    @Test
    void retriesCountTheSendsAgainHedgedCopiesAside() {
        List<Row> rows = List.of(
                ok(0, "http://h/a", 0, 0, 0, 10, 0).withAttempts(3, 0),
                ok(1, "http://h/b", 0, 0, 0, 10, 0).withAttempts(3, 1),
                ok(2, "http://h/c", 0, 0, 0, 10, 0));
        Resilience asked = new Resilience(3, ms(100), ms(300), null, true);
        assertThat(render(rows, asked))
                .contains("retries      3 sends again, for 2 requests (the most tries: 3)")
                .contains("up to 3 tries each, backoff with jitter from 100 ms doubling to 2.00 s")
                .contains("hedges       1 copy sent, each 300 ms after its write without an answer");
    }

    @Test
    void theRateLineCountsTheRequestsThatWaitedHalfATurnAndThe429s() {
        List<Row> rows = new ArrayList<>();
        rows.add(ok(0, "http://h/a", 0, 0, 0, 10, 0)); // started at once
        rows.add(ok(1, "http://h/b", 0, 20, 0, 10, 0)); // less than half a turn: no wait
        rows.add(ok(2, "http://h/c", 0, 25, 0, 10, 0)); // half a turn
        rows.add(ok(3, "http://h/d", 0, 100, 0, 10, 0));
        Row refused = Row.response(4, "GET", "http://h/e", 429, TestRows.waitingOnly(ms(0), ms(5)), 0, "HTTP/1.1");
        rows.add(refused);
        Resilience asked = new Resilience(1, ms(100), null, new Rate(20, Duration.ofSeconds(1)), false);
        assertThat(render(rows, asked))
                .contains("rate         20/s per origin, one start every 50 ms: 2 of 5 requests waited their turn; "
                        + "1 answered 429");
    }

    @Test
    void theTailIsNearestRankPercentiles() {
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            rows.add(ok(i - 1, "http://h/" + i, 0, 0, 0, i * 10L, 0));
        }
        ResilienceSummary summary = ResilienceSummary.of(rows, new Resilience(1, ms(100), ms(50), null, true));
        assertThat(summary.percentile(50)).isEqualTo(ms(50));
        assertThat(summary.percentile(90)).isEqualTo(ms(90));
        assertThat(summary.percentile(99)).isEqualTo(ms(100));
        assertThat(render(rows, new Resilience(1, ms(100), ms(50), null, true)))
                .contains("latency      p50 50 ms, p90 90 ms, p99 100 ms, max 100 ms");
    }
}
