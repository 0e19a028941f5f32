package dev.fanout.cli;

import static dev.fanout.cli.TestRows.failed;
import static dev.fanout.cli.TestRows.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The results table: one row per request, failure reasons, and lines that fit the width. */
class TableRendererTest {

    private static List<String> render(List<Row> rows, int width) {
        StringWriter text = new StringWriter();
        new TableRenderer(Terminal.plain(width)).render(rows, new PrintWriter(text));
        return text.toString().lines().toList();
    }

    @Test
    void eachRowShowsIndexPathStatusOrErrorKindProtocolTimeAndSize() {
        List<String> lines = render(
                List.of(
                        ok(0, "http://127.0.0.1:9/delay/231/0", 0, 0, 1, 230, 0),
                        failed(1, "http://127.0.0.1:9/never/1", "TIMEOUT", 0, 2500)),
                80);
        assertThat(lines.get(0)).isEqualTo("every URL on http://127.0.0.1:9");
        assertThat(lines.get(1)).matches("\\s+#  URL\\s+STATUS\\s+PROTO\\s+TIME\\s+SIZE");
        assertThat(lines.get(2)).matches("\\s+0  /delay/231/0\\s+200\\s+h1\\.1\\s+231 ms\\s+1\\.2 kB");
        assertThat(lines.get(3)).matches("\\s+1  /never/1\\s+TIMEOUT\\s+-\\s+2\\.50 s\\s+-");
    }

    @Test
    void theProtocolColumnSaysWhatEachResponseCameOverInShort() {
        Row h2 = Row.response(
                0,
                "GET",
                "http://127.0.0.1:9/a",
                200,
                TestRows.waitingOnly(TestRows.ms(0), TestRows.ms(5)),
                3,
                "HTTP/2");
        Row h11 = ok(1, "http://127.0.0.1:9/b", 0, 0, 1, 5, 0);
        List<String> lines = render(List.of(h2, h11), 80);
        String header = lines.get(1);
        int column = header.indexOf("PROTO");
        assertThat(lines.get(2).substring(column)).startsWith("h2 ");
        assertThat(lines.get(3).substring(column)).startsWith("h1.1 ");
        assertThat(Format.protocol("HTTP/1.0")).isEqualTo("h1.0");
        assertThat(Format.protocol(null)).isEqualTo("-");
    }

    @Test
    void aFailedRowIsFollowedByItsReasonWithoutKindAndUrl() {
        List<String> lines = render(
                List.of(
                        failed(0, "http://127.0.0.1:9/never/0", "TIMEOUT", 0, 2500),
                        ok(1, "http://127.0.0.1:9/delay/231/1", 0, 0, 1, 230, 0)),
                80);
        assertThat(lines.get(2)).matches("\\s+0  /never/0\\s+TIMEOUT.*");
        assertThat(lines.get(3)).isEqualTo("     no complete response within 2500 ms (while waiting for the response)");
        assertThat(lines.get(4)).matches("\\s+1  /delay/231/1\\s+200.*");
    }

    @Test
    void aLongReasonLosesItsEndAndFitsEighty() {
        Row row = Row.failure(
                0,
                "GET",
                "http://h/x",
                "DNS",
                "DNS http://h/x: cannot resolve host 'h': " + "the name server said no ".repeat(10),
                TestRows.waitingOnly(TestRows.ms(0), TestRows.ms(5)));
        List<String> lines = render(List.of(row), 80);
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
        assertThat(lines.get(lines.size() - 1))
                .startsWith("     cannot resolve host 'h': the name")
                .endsWith("...");
    }

    @Test
    void urlsOnDifferentHostsAreShownWhole() {
        List<String> lines = render(
                List.of(ok(0, "https://a.example/x", 0, 0, 1, 10, 0), ok(1, "https://b.example/y", 0, 0, 1, 10, 0)),
                80);
        assertThat(lines.get(0)).startsWith("  #");
        assertThat(lines.get(1)).contains("https://a.example/x");
    }

    @Test
    void aLongUrlLosesItsMiddleAndTheLineFitsTheWidth() {
        String url = "https://api.example.com/" + "segment/".repeat(30) + "end";
        List<String> lines = render(List.of(ok(0, url, 0, 0, 0, 5, 0)), 60);
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(60));
        assertThat(lines.get(0)).isEqualTo("every URL on https://api.example.com");
        assertThat(lines.get(2)).matches("\\s+0  /segment/.*\\.\\..*end\\s+200\\s+h1\\.1\\s+5\\.0 ms\\s+1\\.2 kB");
    }

    @Test
    void theTriesColumnCountsSendsAndMarksHedgedCopies() {
        StringWriter text = new StringWriter();
        List<Row> rows = List.of(
                ok(0, "http://127.0.0.1:9/a", 0, 0, 1, 20, 0),
                ok(1, "http://127.0.0.1:9/b", 0, 0, 1, 20, 0).withAttempts(3, 0),
                ok(2, "http://127.0.0.1:9/c", 0, 0, 1, 20, 0).withAttempts(2, 1),
                ok(3, "http://127.0.0.1:9/d", 0, 0, 1, 20, 0).withAttempts(4, 2),
                failed(4, "http://127.0.0.1:9/e", "INVALID_REQUEST", 0, 0).withAttempts(0, 0),
                // A copy still connecting when the first answered: counted in hedges, not in attempts.
                ok(5, "http://127.0.0.1:9/f", 0, 0, 1, 20, 0).withAttempts(1, 1));
        new TableRenderer(Terminal.plain(80), true).render(rows, new PrintWriter(text));
        List<String> lines = text.toString().lines().toList();
        assertThat(lines.get(1)).matches("\\s+#  URL\\s+STATUS\\s+PROTO\\s+TRIES\\s+TIME\\s+SIZE");
        assertThat(lines.get(2)).matches("\\s+0  /a\\s+200\\s+h1\\.1\\s+1\\s+21 ms.*");
        assertThat(lines.get(3)).matches("\\s+1  /b\\s+200\\s+h1\\.1\\s+3\\s+21 ms.*");
        assertThat(lines.get(4)).matches("\\s+2  /c\\s+200\\s+h1\\.1\\s+1\\+h\\s+21 ms.*");
        assertThat(lines.get(5)).matches("\\s+3  /d\\s+200\\s+h1\\.1\\s+2\\+2h\\s+21 ms.*");
        assertThat(lines.get(6)).matches("\\s+4  /e\\s+INVALID_REQUEST\\s+-\\s+0\\s+0\\.0 ms.*");
        assertThat(lines.get(8)).matches("\\s+5  /f\\s+200\\s+h1\\.1\\s+1\\+h\\s+21 ms.*");
        assertThat(render(rows, 80).get(1)).doesNotContain("TRIES");
    }
}
