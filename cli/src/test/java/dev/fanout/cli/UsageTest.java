package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bad input gets one clear line and exit code 2; help, version and completion work. */
class UsageTest {

    @Test
    void aMissingUrlFileIsAUsageError() {
        CliRun run = CliRun.run("-f", "/nonexistent/urls.txt");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("fanout: -f /nonexistent/urls.txt: no such file")
                .contains("Try 'fanout --help'");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithASuggestion() {
        CliRun run = CliRun.run("--waterfal", "http://127.0.0.1:9/");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option: '--waterfal'").contains("--waterfall");
    }

    @Test
    void aBadHeaderIsAUsageError() {
        CliRun run = CliRun.run("-H", "NoColonHere", "http://127.0.0.1:9/");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'NoColonHere' (expected: 'Name: value')");
    }

    @Test
    void aMissingBodyFileIsAUsageError() {
        CliRun run = CliRun.run("-d", "@/nonexistent/body.json", "http://127.0.0.1:9/");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no such file");
    }

    @Test
    void noUrlsAtAllIsAUsageErrorThatPointsToTheDemo() {
        CliRun run = CliRun.run();
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no URLs").contains("fanout demo");
    }

    @Test
    void aBadDurationOrLimitIsAUsageError() {
        assertThat(CliRun.run("--timeout", "soon", "http://127.0.0.1:9/").exitCode())
                .isEqualTo(2);
        CliRun zero = CliRun.run("--max-in-flight", "0", "http://127.0.0.1:9/");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("maxInFlight");
    }

    @Test
    void aTimeoutWithoutAUnitIsAUsageErrorThatShowsTheAcceptedForms() {
        CliRun run = CliRun.run("--timeout", "2", "http://127.0.0.1:9/");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("--timeout")
                .contains("'2' has no unit")
                .contains("500ms")
                .contains("2s")
                .contains("1m");
        assertThat(run.out()).isEmpty(); // nothing was fetched
    }

    @Test
    void helpSaysADurationNeedsItsUnit() {
        assertThat(CliRun.run("--help").out()).containsPattern("(?s)--timeout=DURATION\\s+Per request.*?with its unit");
    }

    @Test
    void helpDocumentsTheExitCodesAndTheDemo() {
        CliRun run = CliRun.run("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("Exit codes:")
                .containsPattern("0\\s+every request got a response")
                .containsPattern("1\\s+one or more requests got no response")
                .containsPattern("2\\s+usage error")
                .contains("demo")
                .contains("--waterfall")
                .contains("--json")
                .contains("--insecure");
    }

    @Test
    void versionNamesTheBuildItsCommitAndTheJava() {
        CliRun run = CliRun.run("--version");

        assertThat(run.exitCode()).isZero();
        // The commit is "unknown" only for a build without git (a source archive, say).
        assertThat(run.out())
                .startsWith("fanout " + System.getProperty("fanout.project.version") + " (commit ")
                .containsPattern("\\(commit ([0-9a-f]{12,40}(-dirty)?|unknown), built \\S+\\)")
                .contains("built " + System.getProperty("fanout.build.time") + ")")
                .contains("Java " + System.getProperty("java.version") + " (");
    }

    @Test
    void generatesACompletionScript() {
        CliRun run = CliRun.run("generate-completion");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("complete -F").contains("demo");
    }
}
