package dev.fanout.cli;

import static dev.fanout.cli.TestRows.failed;
import static dev.fanout.cli.TestRows.ms;
import static dev.fanout.cli.TestRows.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The summary after a batch: its numbers, the overlap, and the threads by name. */
class SummaryTest {

    private final List<Row> rows = List.of(
            ok(0, "http://h:1/a", 0, 0, 0, 400, 0),
            ok(1, "http://h:1/b", 0, 0, 0, 600, 0),
            Row.response(2, "GET", "http://h:1/c", 503, TestRows.waitingOnly(ms(0), ms(100)), 3, "HTTP/1.1"),
            failed(3, "http://h:1/d", "TIMEOUT", 0, 900));

    @Test
    void sumIsTheRequestsOwnTimesAddedUpAndOverlapIsSumOverWall() {
        Summary summary = Summary.of(rows, ms(1000), List.of("fanout-loop-1"), Set.of("fanout-loop-1"));
        assertThat(summary.sum()).isEqualTo(ms(2000));
        assertThat(summary.overlap()).isEqualTo(2.0);
        assertThat(summary.slowest().index()).isEqualTo(3);
        assertThat(summary.responses()).isEqualTo(3);
        assertThat(summary.ok()).isEqualTo(2);
        assertThat(summary.statuses()).containsEntry(503, 1);
        assertThat(summary.failures()).containsEntry("TIMEOUT", 1);
    }

    @Test
    void printsEveryNumberAndTheThreadsByName() {
        StringWriter text = new StringWriter();
        Summary.of(rows, ms(1000), List.of("fanout-loop-1"), Set.of("fanout-loop-1"))
                .render(new PrintWriter(text), Style.PLAIN, Labels.of(rows), 120);
        assertThat(text.toString())
                .contains("requests     4: 3 responses (2 2xx, 1 503), 1 failed (1 TIMEOUT)")
                .contains("protocol     all 3 responses over HTTP/1.1")
                .contains("connects     0 of 4 made a TCP connect")
                .contains("wall time    1.00 s")
                .contains("sum of times 2.00 s")
                .contains("overlap      2.0x")
                .contains("slowest      #3 /d  TIMEOUT in 900 ms")
                .contains("threads      1 thread added to the JVM while the client ran (fanout-loop-1)")
                .contains("results delivered on 1 thread");
    }

    @Test
    void theLoopsSharedWatchdogIsNamedApartFromTheClientsOwnThreads() {
        StringWriter text = new StringWriter();
        Summary.of(rows, ms(1000), List.of("fanout-loop-1", "fanout-watchdog"), Set.of("fanout-loop-1"))
                .render(new PrintWriter(text), Style.PLAIN, Labels.of(rows), 200);
        assertThat(text.toString())
                .contains("threads      1 thread added to the JVM while the client ran"
                        + " (fanout-loop-1), plus fanout-watchdog (one per JVM, for every loop)");
    }

    @Test
    void threadsOfOnePoolAreCountedTogetherAndLinesWrapToTheWidth() {
        List<String> threads = new ArrayList<>(List.of("fanout-loop-3"));
        for (int i = 1; i <= 194; i++) {
            threads.add("pool-3-thread-" + i);
        }
        assertThat(Summary.grouped(threads)).isEqualTo("fanout-loop-3, pool-3-thread-* x194");
        StringWriter text = new StringWriter();
        Summary.of(rows, ms(1000), threads, Set.of("fanout-loop-3"))
                .render(new PrintWriter(text), Style.PLAIN, Labels.of(rows), 50);
        assertThat(text.toString().lines())
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(50));
        assertThat(text.toString()).contains("195 threads added").contains("x194");
    }

    @Test
    void timeSpentWaitingForASlotIsSaidApart() {
        List<Row> queued = List.of(ok(0, "http://h:1/a", 0, 0, 0, 500, 0), ok(1, "http://h:1/b", 0, 500, 0, 500, 0));
        StringWriter text = new StringWriter();
        Summary summary = Summary.of(queued, ms(1000), List.of(), Set.of());
        summary.render(new PrintWriter(text), Style.PLAIN, Labels.of(queued), 120);
        assertThat(summary.queued()).isEqualTo(ms(500));
        assertThat(text.toString())
                .contains("overlap      1.5x   sum / wall, waiting for a slot included")
                .contains("queued       500 ms of the sum waiting for a slot; in flight 1.0 at once on average");
    }

    @Test
    void responsesOverDifferentProtocolsAreCountedApartTheMostFirst() {
        List<Row> mixed = List.of(
                h2(0, "http://h:1/a"),
                ok(1, "http://h:1/b", 0, 0, 0, 5, 0),
                h2(2, "http://h:1/c"),
                failed(3, "http://h:1/d", "TIMEOUT", 0, 9));
        StringWriter text = new StringWriter();
        Summary summary = Summary.of(mixed, ms(1000), List.of(), Set.of());
        summary.render(new PrintWriter(text), Style.PLAIN, Labels.of(mixed), 120);
        assertThat(summary.protocols()).containsOnly(entry("HTTP/2", 2), entry("HTTP/1.1", 1));
        assertThat(text.toString()).contains("protocol     2 over HTTP/2, 1 over HTTP/1.1\n");
    }

    @Test
    void connectsCountTheRequestsWithATcpConnectInTheirTime() {
        List<Row> some = List.of(
                ok(0, "http://h:1/a", 0, 0, 3, 5, 0),
                ok(1, "http://h:1/b", 0, 2, 0, 5, 0),
                ok(2, "http://h:1/c", 0, 0, 1, 5, 0));
        StringWriter text = new StringWriter();
        Summary summary = Summary.of(some, ms(1000), List.of(), Set.of());
        summary.render(new PrintWriter(text), Style.PLAIN, Labels.of(some), 200);
        assertThat(summary.connects()).isEqualTo(2);
        assertThat(text.toString())
                .contains(
                        "connects     2 of 3 made a TCP connect   the rest reused or shared a connection, or had none");
    }

    @Test
    void noResponseMeansNoProtocolLine() {
        List<Row> failures = List.of(failed(0, "http://h:1/d", "TIMEOUT", 0, 9));
        StringWriter text = new StringWriter();
        Summary.of(failures, ms(1000), List.of(), Set.of())
                .render(new PrintWriter(text), Style.PLAIN, Labels.of(failures), 120);
        assertThat(text.toString()).contains("requests     1: 0 responses").doesNotContain("protocol");
    }

    private static Row h2(int index, String url) {
        return Row.response(index, "GET", url, 200, TestRows.waitingOnly(ms(0), ms(5)), 3, "HTTP/2");
    }

    @Test
    void noRequestsMeansNoOverlapAndNoSlowest() {
        Summary summary = Summary.of(List.of(), ms(0), List.of(), Set.of());
        assertThat(summary.overlap()).isZero();
        assertThat(summary.slowest()).isNull();
    }
}
