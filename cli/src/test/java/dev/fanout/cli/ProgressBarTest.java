package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress bar: what it shows, how it repaints and erases itself, and when it appears. */
class ProgressBarTest {

    private final AtomicLong clock = new AtomicLong();
    private final StringWriter err = new StringWriter();

    @Test
    void showsDoneOfTotalPercentRateElapsedAndFailures() {
        ProgressBar bar = new ProgressBar(new PrintWriter(err), 60, 80, clock::get);
        assertThat(bar.line(42, 2, 1_200_000_000L))
                .isEqualTo("[###########################............]  42/60   70%  35.0/s  1.2 s  2 failed");
    }

    @Test
    void saysNothingOfFailuresUntilOneHappens() {
        ProgressBar bar = new ProgressBar(new PrintWriter(err), 10, 80, clock::get);
        assertThat(bar.line(3, 0, 1_000_000_000L)).endsWith("3/10   30%  3.0/s  1.0 s");
    }

    @Test
    void countsResultsAndRepaintsInPlaceThenErasesItself() {
        ProgressBar bar = new ProgressBar(new PrintWriter(err), 100, 80, clock::get);
        bar.completed(false);
        bar.completed(true);
        clock.set(2_000_000_000L);
        bar.repaint();
        assertThat(err.toString())
                .startsWith("\r[")
                .contains("2/100")
                .contains("1 failed")
                .doesNotContain("\n");
        bar.finish();
        assertThat(err.toString()).endsWith("\r");
    }

    @Test
    void fitsNarrowTerminals() {
        ProgressBar bar = new ProgressBar(new PrintWriter(err), 5000, 40, clock::get);
        assertThat(bar.line(4321, 1234, 9_000_000_000L).length()).isLessThan(40);
    }

    @Test
    void appearsOnlyForLargeBatchesOnATerminalWithoutQuiet() {
        Terminal tty = new Terminal(80, true, true, false, false);
        Terminal piped = new Terminal(80, true, false, false, false);
        assertThat(ProgressBar.wanted(ProgressBar.THRESHOLD + 1, tty, false)).isTrue();
        assertThat(ProgressBar.wanted(ProgressBar.THRESHOLD, tty, false)).isFalse();
        assertThat(ProgressBar.wanted(ProgressBar.THRESHOLD + 1, piped, false)).isFalse();
        assertThat(ProgressBar.wanted(ProgressBar.THRESHOLD + 1, tty, true)).isFalse();
    }
}
