package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code fanout demo --http2}: the embedded server speaks HTTP/2 and so does the client (h2c
 * with prior knowledge on the plain port, h2 by ALPN with {@code --https}); the output says so
 * in the intro, the table, the summary and the hint. Without it the demo speaks HTTP/1.1, as
 * it always did. Small runs, as in {@link DemoCommandTest}.
 */
class DemoOverHttp2Test {

    @Test
    void everyResponseComesOverH2cAndTheOutputSaysSo() {
        CliRun run = CliRun.run(
                "demo", "--count", "20", "--median", "40ms", "--timeout", "1500ms", "--seed", "11", "--http2");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        List<Row> rows = run.demo().lastRun().rows();
        assertThat(rows).hasSize(20).allSatisfy(row -> assertThat(row.url()).startsWith("http://"));
        assertThat(rows.stream().filter(Row::responded))
                .hasSize(19) // the one that never answers is the only failure: there is no reset
                .allSatisfy(row -> assertThat(row.protocol()).isEqualTo("HTTP/2"));
        String out = run.out();
        assertThat(out)
                .contains("over HTTP/2 (--http2): h2c")
                .contains("no connection reset")
                .doesNotContain("/fault/")
                .containsPattern("\\d+  /delay/\\S+\\s+200\\s+h2 ")
                .contains("protocol     all 19 responses over HTTP/2")
                .contains("all 20 as planned")
                .contains("--seed 11 --count 20 --median 40ms --http2 --sequential");
        assertThat(out).doesNotContain("h1.1");
    }

    @Test
    void coldOverHttp2OneRequestConnectsAndTheOthersShareItsConnection() {
        // Seven URLs: delays only; no warm-up, so the batch opens every connection it uses.
        String[] cold = {"demo", "--count", "7", "--median", "20ms", "--timeout", "10s", "--seed", "4", "--cold"};
        CliRun h1 = CliRun.run(cold);
        CliRun h2 = CliRun.run(
                Stream.concat(Arrays.stream(cold), Stream.of("--http2")).toArray(String[]::new));

        assertThat(h1.exitCode()).as(h1.out() + h1.err()).isZero();
        assertThat(h2.exitCode()).as(h2.out() + h2.err()).isZero();
        assertThat(h1.out()).contains("connects     7 of 7 made a TCP connect");
        assertThat(h2.out()).contains("connects     1 of 7 made a TCP connect");
        List<Row> rows = h2.demo().lastRun().rows();
        assertThat(rows.stream().filter(row -> row.timings().connect().isZero()))
                .hasSize(6)
                .allSatisfy(row -> assertThat(row.timings().queued()).isPositive()); // waited for that connection
    }

    @Test
    void withHttpsTheServerAndClientPickH2ByAlpn() {
        // Seven URLs: delays only, as in DemoCommandTest's HTTPS run: a long timeout absorbs slow handshakes.
        CliRun run = CliRun.run(
                "demo", "--count", "7", "--median", "20ms", "--timeout", "10s", "--seed", "4", "--https", "--http2");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.demo().lastRun().rows())
                .hasSize(7)
                .allSatisfy(row -> assertThat(row.url()).startsWith("https://"))
                .allSatisfy(row -> assertThat(row.protocol()).isEqualTo("HTTP/2"));
        assertThat(run.out())
                .contains("h2, chosen by ALPN")
                .contains("all 7 responses over HTTP/2")
                .contains("--https --http2 --sequential");
    }

    @Test
    void withoutHttp2TheDemoSpeaksHttp11AndSaysNothingAboutIt() {
        CliRun run = CliRun.run("demo", "--count", "7", "--median", "20ms", "--timeout", "10s", "--seed", "4");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.demo().lastRun().rows())
                .allSatisfy(row -> assertThat(row.protocol()).isEqualTo("HTTP/1.1"));
        assertThat(run.out()).doesNotContain("--http").contains("all 7 responses over HTTP/1.1");
    }

    @Test
    void http11SpeaksHttp11AndTheHintKeepsIt() {
        CliRun run = CliRun.run(
                "demo", "--count", "7", "--median", "20ms", "--timeout", "10s", "--seed", "4", "--https", "--http1.1");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.demo().lastRun().rows())
                .allSatisfy(row -> assertThat(row.protocol()).isEqualTo("HTTP/1.1"));
        assertThat(run.out()).contains("over HTTP/1.1 (--http1.1)").contains("--https --http1.1 --sequential");
    }

    @Test
    void bothAtOnceIsAUsageError() {
        CliRun run = CliRun.run("demo", "--http2", "--http1.1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("mutually exclusive").contains("fanout demo --help");
        assertThat(run.out()).isEmpty(); // no server started, nothing fetched
    }

    @Test
    void overHttp2ThePlansResetIsADelayOfOneMedianAndEveryOtherUrlIsAsDrawn() {
        DemoPlan drawn = DemoPlan.of(7, 60, Duration.ofMillis(250));
        DemoPlan h2 = drawn.withoutConnectionReset();

        assertThat(h2.counts())
                .doesNotContainKey(DemoPlan.Kind.RESET)
                .containsEntry(DemoPlan.Kind.NEVER, 1)
                .containsEntry(DemoPlan.Kind.STATUS_503, 1)
                .containsEntry(DemoPlan.Kind.DELAY, drawn.counts().get(DemoPlan.Kind.DELAY) + 1);
        for (int i = 0; i < drawn.entries().size(); i++) {
            DemoPlan.Entry entry = drawn.entries().get(i);
            assertThat(h2.entries().get(i))
                    .isEqualTo(
                            entry.kind() == DemoPlan.Kind.RESET
                                    ? new DemoPlan.Entry(DemoPlan.Kind.DELAY, Duration.ofMillis(250))
                                    : entry);
        }
        assertThat(h2.seed()).isEqualTo(drawn.seed());
    }

    @Test
    void helpSaysWhatHttp2DoesToTheDemo() {
        String help = CliRun.run("demo", "--help").out();

        assertThat(help)
                .contains("[--http2 | --http1.1]")
                .containsPattern("--http2\\s+Serve HTTP/2 and speak it")
                .containsPattern("--http1.1\\s+Speak HTTP/1.1 only");
    }
}
