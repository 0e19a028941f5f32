package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code fanout URL...} and {@code fanout -f FILE} against the testkit's endpoints: output and exit codes. */
class FetchCommandTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    @TempDir
    Path dir;

    @Test
    void exitsZeroWhenEveryRequestGotAResponseEvenA503(SlowEndpoints server) {
        CliRun run = CliRun.run(server.delayed(Duration.ofMillis(20)), server.status(503));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .containsPattern("0  /delay/20/\\d+\\s+200")
                .containsPattern("1  /status/503/\\d+\\s+503")
                .contains("summary")
                .doesNotContain("waterfall:");
    }

    @Test
    void exitsOneWhenAnyRequestFailed(SlowEndpoints server) {
        CliRun run = CliRun.run(server.delayed(Duration.ofMillis(20)), server.connectionReset());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).containsPattern("1  /fault/\\S+\\s+CLOSED");
    }

    @Test
    void readsUrlsFromAFileSkippingBlankLinesAndComments(SlowEndpoints server) throws Exception {
        Path file = Files.writeString(
                dir.resolve("urls.txt"),
                "# two URLs\n" + server.delayed(Duration.ofMillis(5)) + "\n\n   # indented comment\n"
                        + server.delayed(Duration.ofMillis(5)) + "\n");
        CliRun run = CliRun.run("-f", file.toString(), "--waterfall");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(run.out()).contains("requests     2: 2 responses").contains("waterfall:");
    }

    @Test
    void readsUrlsFromStdinWithADash(SlowEndpoints server) {
        CliRun run = CliRun.run(CliRun.piped(), server.delayed(Duration.ofMillis(5)) + "\n", "-f", "-");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void aMalformedUrlInTheFileIsThatUrlsInvalidRequestAndTheOthersGoOn(SlowEndpoints server) throws Exception {
        Path file = Files.writeString(
                dir.resolve("urls.txt"),
                server.delayed(Duration.ofMillis(5)) + "\nhttp://bad host/\n" + server.delayed(Duration.ofMillis(5)));
        CliRun run = CliRun.run("-f", file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).containsPattern("1  http://bad host/\\s+INVALID_REQUEST");
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void sendsTheMethodHeadersAndBodyToEveryUrl(SlowEndpoints server) throws Exception {
        Path body = Files.writeString(dir.resolve("body.json"), "{\"a\":1}");
        CliRun run = CliRun.run(
                "-X",
                "PUT",
                "-H",
                "X-Trace: abc",
                "-H",
                "Content-Type: application/json",
                "-d",
                "@" + body,
                server.delayed(Duration.ofMillis(1)),
                server.delayed(Duration.ofMillis(1)));
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<ServeEvent> events = server.wireMock().getAllServeEvents();
        assertThat(events).hasSize(2).allSatisfy(e -> {
            assertThat(e.getRequest().getMethod().getName()).isEqualTo("PUT");
            assertThat(e.getRequest().getHeader("X-Trace")).isEqualTo("abc");
            assertThat(e.getRequest().getBodyAsString()).isEqualTo("{\"a\":1}");
        });
    }

    @Test
    void dashDWithoutDashXPosts(SlowEndpoints server) {
        CliRun run = CliRun.run("-d", "x=1", server.delayed(Duration.ofMillis(1)));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.wireMock()
                        .getAllServeEvents()
                        .get(0)
                        .getRequest()
                        .getMethod()
                        .getName())
                .isEqualTo("POST");
    }

    @Test
    void theTimeoutOptionEndsASlowRequestAsTimeout(SlowEndpoints server) {
        CliRun run = CliRun.run("--timeout", "200ms", "--json", server.neverAnswers());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("\"error\":\"TIMEOUT\"");
    }

    @Test
    void insecureSaysSoOnStderr(SlowEndpoints server) {
        CliRun run = CliRun.run("--insecure", server.https(server.delayed(Duration.ofMillis(1))));
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.err()).contains("--insecure").contains("NOT verified");
    }

    @Test
    void aWaterfallOfFiveHundredRealRequestsFitsTheWidth(SlowEndpoints server) {
        Map<String, String> env = CliRun.piped();
        env.put("COLUMNS", "90");
        List<String> args = new ArrayList<>(server.delayed(500, Duration.ofMillis(20)));
        args.add("--waterfall");
        CliRun run = CliRun.run(env, "", args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(90));
        assertThat(run.lines().stream().filter(line -> line.matches("\\s*\\d+  /delay/.*\\|.*\\|.*")))
                .hasSize(500);
    }

    @Test
    void noProgressBarWhenStderrIsNotATerminal(SlowEndpoints server) {
        CliRun run = CliRun.run(server.delayed(60, Duration.ofMillis(300)).toArray(String[]::new));
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).doesNotContain("\r").doesNotContain("60/60");
    }

    @Test
    void aProgressBarOnStderrWhenItIsATerminalUnlessQuiet(SlowEndpoints server) {
        Map<String, String> env = CliRun.piped();
        env.put("FANOUT_STDERR_TTY", "1");
        CliRun shown =
                CliRun.run(env, "", server.delayed(60, Duration.ofMillis(300)).toArray(String[]::new));
        assertThat(shown.err()).contains("\r[").contains("/60");
        assertThat(shown.out()).doesNotContain("\r");
        List<String> quiet = new ArrayList<>(server.delayed(60, Duration.ofMillis(300)));
        quiet.add("--quiet");
        assertThat(CliRun.run(env, "", quiet.toArray(String[]::new)).err()).doesNotContain("\r");
    }
}
