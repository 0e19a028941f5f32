package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --hedge-percentile}, {@code --adaptive} and {@code --coalesce} on the fetch command,
 * against the testkit's server, which counts what it is sent.
 */
class PercentileAdaptiveCoalesceOptionsTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    @Test
    void theStragglerOfABatchIsHedgedPastTheBatchsPercentile(SlowEndpoints server) {
        List<String> args = new ArrayList<>(List.of("--hedge-percentile", "90"));
        for (int i = 0; i < 30; i++) {
            args.add(server.body(4)); // answered at once: the fast 90%
        }
        String straggler = server.delayed(Duration.ofMillis(1500));
        args.add(straggler);

        CliRun run = CliRun.run(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(server.requestCount(straggler))
                .as("the straggler and its copy")
                .isEqualTo(2);
        assertThat(run.out())
                .containsPattern("STATUS PROTO TRIES +TIME")
                .containsPattern("hedges +\\d+ cop(y|ies) sent, each past the batch's p90 so far without an answer")
                .contains("latency      p50 ");
    }

    @Test
    void identicalUrlsAreSentOnceWithCoalesceAndEachLineGetsTheAnswer(SlowEndpoints server) {
        String url = server.body(6);

        CliRun run = CliRun.run("--coalesce", url, url, url);

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(server.requestCount(url)).isEqualTo(1);
        assertThat(run.out()).containsPattern("0  /bytes/6/\\d+ +200").containsPattern("2  /bytes/6/\\d+ +200");

        CliRun plain = CliRun.run(url, url);
        assertThat(plain.exitCode()).isZero();
        assertThat(server.requestCount(url))
                .as("without --coalesce, each is sent")
                .isEqualTo(3);
    }

    @Test
    void adaptiveIsAcceptedAndTheBatchRunsAsUsual(SlowEndpoints server) {
        String url = server.body(3);

        CliRun run = CliRun.run("--adaptive", "--per-host", "8", url, server.body(5));

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(server.requestCount(url)).isEqualTo(1);
    }

    @Test
    void aPercentileOutsideZeroToAHundredIsAUsageError() {
        for (String bad : List.of("0", "100", "-5", "150")) {
            CliRun run = CliRun.run("--hedge-percentile", bad, "http://127.0.0.1:9/");
            assertThat(run.exitCode()).as(bad).isEqualTo(2);
            assertThat(run.err()).as(bad).startsWith("fanout: --hedge-percentile: ");
        }
        CliRun words = CliRun.run("--hedge-percentile", "p95", "http://127.0.0.1:9/");
        assertThat(words.exitCode()).isEqualTo(2);
        assertThat(words.err()).startsWith("fanout: ").contains("--hedge-percentile");
    }
}
