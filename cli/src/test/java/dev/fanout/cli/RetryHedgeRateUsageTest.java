package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad values of {@code --retry}, {@code --hedge-after} and {@code --rate}: one clear line each, exit code 2, nothing sent. */
class RetryHedgeRateUsageTest {

    private static CliRun usageError(String... args) {
        CliRun run = CliRun.run(args);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).startsWith("fanout: ").contains("Try 'fanout --help'");
        assertThat(run.out()).isEmpty();
        return run;
    }

    @Test
    void aRateWithoutAPeriodIsAUsageErrorThatShowsTheForm() {
        assertThat(usageError("--rate", "100", "http://127.0.0.1:9/").err())
                .contains("--rate")
                .contains("'100' has no period (expected: N/DURATION, as 100/1s or 5/100ms)");
    }

    @Test
    void aRateOfZeroPermitsIsAUsageError() {
        assertThat(usageError("--rate", "0/1s", "http://127.0.0.1:9/").err())
                .contains("'0/1s': 0 (expected: at least 1 per period)");
    }

    @Test
    void aRateWhoseCountIsNotANumberIsAUsageError() {
        assertThat(usageError("--rate", "x/1s", "http://127.0.0.1:9/").err())
                .contains("'x/1s': 'x' is not a whole number (expected: N/DURATION");
    }

    @Test
    void aRateOverAZeroOrUnitlessPeriodIsAUsageError() {
        assertThat(usageError("--rate", "100/0s", "http://127.0.0.1:9/").err())
                .contains("'100/0s': the period '0s' (expected: more than zero)");
        assertThat(usageError("--rate", "100/1", "http://127.0.0.1:9/").err())
                .contains("'100/1': the period '1' has no unit");
    }

    @Test
    void aRateIsParsedAsPermitsOverAPeriod() {
        assertThat(Rate.parse("100/1s")).isEqualTo(new Rate(100, Duration.ofSeconds(1)));
        assertThat(Rate.parse("5/100ms")).isEqualTo(new Rate(5, Duration.ofMillis(100)));
        assertThat(Rate.parse("5/100ms").interval()).isEqualTo(Duration.ofMillis(20));
        assertThat(Rate.parse("100/1s").label()).isEqualTo("100/s");
        assertThat(Rate.parse("30/1m").label()).isEqualTo("30/min");
        assertThat(Rate.parse("5/100ms").label()).isEqualTo("5 per 100 ms");
    }

    @Test
    void retryOfZeroAttemptsIsAUsageError() {
        assertThat(usageError("--retry", "0", "http://127.0.0.1:9/").err())
                .contains("--retry: 0 (expected: 1 to 100 attempts in all)");
    }

    @Test
    void retryBaseWithoutRetryIsAUsageError() {
        assertThat(usageError("--retry-base", "50ms", "http://127.0.0.1:9/").err())
                .contains("--retry-base: only with --retry N");
    }

    @Test
    void aHedgeDelayWithoutAUnitOrOfZeroIsAUsageError() {
        assertThat(usageError("--hedge-after", "300", "http://127.0.0.1:9/").err())
                .contains("--hedge-after")
                .contains("'300' has no unit");
        assertThat(usageError("--hedge-after", "0ms", "http://127.0.0.1:9/").err())
                .contains("'0ms' (expected: more than zero)");
    }

    @Test
    void helpDescribesTheOptionsAndTheirDefaults() {
        // picocli formats descriptions: a bare % is a bad format, printed raw with a warning on System.err.
        PrintStream systemErr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        CliRun run;
        try {
            System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
            run = CliRun.run("--help");
        } finally {
            System.setErr(systemErr);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
        String help = run.out().replaceAll("\\s+", " ");
        assertThat(help)
                .contains("At most 5% more requests than started, plus one a second, are hedged")
                .contains("--retry=N Up to N attempts in all")
                .contains("100 ms and 2 s by default")
                .contains("--hedge-after=DURATION")
                .contains("--rate=N/DURATION Pace the starts to each origin");
    }
}
