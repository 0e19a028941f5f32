package dev.fanout.cli;

import static dev.fanout.cli.TestRows.failed;
import static dev.fanout.cli.TestRows.ms;
import static dev.fanout.cli.TestRows.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.client.Timings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The waterfall chart: each request's phases on one time axis, within the width. */
class WaterfallRendererTest {

    private static List<String> render(List<Row> rows, Duration wall, Terminal terminal) {
        StringWriter text = new StringWriter();
        new WaterfallRenderer(terminal).render(rows, wall, new PrintWriter(text));
        return text.toString().lines().toList();
    }

    @ParameterizedTest
    @ValueSource(ints = {40, 80, 132, 237})
    void oneRequestFitsTheWidth(int width) {
        List<Row> rows = List.of(ok(0, "http://127.0.0.1:1/delay/100/0", 0, 0, 1, 99, 0));
        List<String> lines = render(rows, ms(100), Terminal.plain(width));
        assertThat(lines)
                .hasSizeBetween(4, 6)
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(width));
        assertThat(lines.get(lines.size() - 2)).matches("\\s+0  /del.* \\|-*=+\\|\\s+100 ms");
    }

    @ParameterizedTest
    @ValueSource(ints = {40, 80, 200})
    void fiveHundredRequestsFitTheWidthOneLineEach(int width) {
        List<Row> rows = TestRows.random(500, 42);
        List<String> lines = render(rows, ms(2500), Terminal.plain(width));
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(width));
        List<String> bars = lines.stream()
                .filter(line -> line.matches("\\s*\\d+  .*\\|.*\\|.*"))
                .toList();
        assertThat(bars).hasSize(500);
        assertThat(bars.get(499)).startsWith("499  ");
    }

    @Test
    void colouredLinesFitTheWidthOnceTheEscapesAreRemoved() {
        Terminal colour = new Terminal(100, true, true, true, true);
        List<String> lines = render(TestRows.random(50, 7), ms(2000), colour);
        assertThat(String.join("\n", lines)).contains("\u001B[").contains("\u2588");
        assertThat(lines)
                .allSatisfy(line -> assertThat(Style.visible(line).length()).isLessThanOrEqualTo(100));
    }

    @Test
    void plainOutputIsAsciiOnly() {
        List<String> lines = render(TestRows.random(50, 7), ms(2000), Terminal.plain(80));
        assertThat(String.join("\n", lines)).matches("[\\x20-\\x7e\\n]*");
    }

    @Test
    void barsSitOnOneTimeAxisSoTheyOverlap() {
        // two requests of 1 s started together, one of 500 ms started at 500 ms: 40 columns, 25 ms each
        List<Row> rows = List.of(
                ok(0, "http://h/a", 0, 0, 0, 1000, 0),
                ok(1, "http://h/b", 0, 0, 0, 1000, 0),
                ok(2, "http://h/c", 500, 0, 0, 500, 0));
        WaterfallRenderer.Mark[] a = WaterfallRenderer.bar(rows.get(0), ms(1000).toNanos(), 40);
        WaterfallRenderer.Mark[] c = WaterfallRenderer.bar(rows.get(2), ms(1000).toNanos(), 40);
        assertThat(a).containsOnly(WaterfallRenderer.Mark.WAITING);
        assertThat(c)
                .startsWith(repeat(WaterfallRenderer.Mark.NONE, 20))
                .endsWith(repeat(WaterfallRenderer.Mark.WAITING, 20));
    }

    @Test
    void phasesAreDrawnInOrderWithTheirOwnMarks() {
        // 100 ms queued, 100 ms connecting, 600 ms waiting, 200 ms body: 10 columns of 100 ms
        Row row = ok(0, "http://h/a", 0, 100, 100, 600, 200);
        WaterfallRenderer.Mark[] marks = WaterfallRenderer.bar(row, ms(1000).toNanos(), 10);
        StringBuilder ascii = new StringBuilder();
        for (WaterfallRenderer.Mark mark : marks) {
            ascii.append(mark.ascii);
        }
        assertThat(ascii).hasToString(".-======##");
    }

    @Test
    void aFailedRequestEndsInAnX() {
        Row row = failed(0, "http://h/never", "TIMEOUT", 0, 1000);
        WaterfallRenderer.Mark[] marks = WaterfallRenderer.bar(row, ms(1000).toNanos(), 10);
        assertThat(marks[9]).isEqualTo(WaterfallRenderer.Mark.FAILED);
        assertThat(marks[0]).isEqualTo(WaterfallRenderer.Mark.WAITING);
    }

    @Test
    void aRefusedConnectIsDrawnAsConnectingNotWaiting() {
        // 800 ms connecting, then refused; 200 ms of the total accounted for by no phase
        Timings timings = new Timings(
                Duration.ZERO,
                Duration.ZERO,
                Duration.ZERO,
                ms(800),
                Duration.ZERO,
                Duration.ZERO,
                Duration.ZERO,
                ms(1000));
        Row row = Row.failure(0, "GET", "http://h/refused", "CONNECT", "CONNECT http://h/refused: refused", timings);
        WaterfallRenderer.Mark[] marks = WaterfallRenderer.bar(row, ms(1000).toNanos(), 10);
        assertThat(marks).doesNotContain(WaterfallRenderer.Mark.WAITING).contains(WaterfallRenderer.Mark.SETUP);
        assertThat(marks[9]).isEqualTo(WaterfallRenderer.Mark.FAILED);
    }

    @Test
    void aRequestTooShortForOneColumnStillGetsOne() {
        Row row = ok(0, "http://h/fast", 0, 0, 0, 1, 0);
        WaterfallRenderer.Mark[] marks = WaterfallRenderer.bar(row, ms(2000).toNanos(), 40);
        assertThat(marks[0]).isNotEqualTo(WaterfallRenderer.Mark.NONE);
    }

    @Test
    void theAxisIsLabelledWithRoundTimes() {
        String axis = Axis.labels(ms(2000).toNanos(), 60);
        assertThat(axis)
                .hasSize(62)
                .startsWith(" 0")
                .contains("500 ms")
                .contains("1 s")
                .contains("1.5 s");
    }

    private static WaterfallRenderer.Mark[] repeat(WaterfallRenderer.Mark mark, int n) {
        WaterfallRenderer.Mark[] marks = new WaterfallRenderer.Mark[n];
        Arrays.fill(marks, mark);
        return marks;
    }
}
