package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Colour and width follow the terminal, the environment and the options. */
class TerminalTest {

    private static Map<String, String> tty(String... more) {
        Map<String, String> env = new HashMap<>();
        env.put("FANOUT_STDOUT_TTY", "1");
        env.put("FANOUT_STDERR_TTY", "1");
        env.put("COLUMNS", "120");
        env.put("TERM", "xterm-256color");
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    @Test
    void colourOnATerminalUnlessNoColorOrNoColorOptionOrDumb() {
        assertThat(Terminal.detect(tty(), false).color()).isTrue();
        assertThat(Terminal.detect(tty(), true).color()).isFalse();
        assertThat(Terminal.detect(tty("NO_COLOR", "1"), false).color()).isFalse();
        assertThat(Terminal.detect(tty("TERM", "dumb"), false).color()).isFalse();
        assertThat(Terminal.detect(tty("FANOUT_STDOUT_TTY", "0"), false).color())
                .isFalse();
    }

    @Test
    void widthComesFromColumnsElseEightyWhenPiped() {
        assertThat(Terminal.detect(tty(), false).width()).isEqualTo(120);
        Map<String, String> piped = tty("FANOUT_STDOUT_TTY", "0");
        piped.remove("COLUMNS");
        assertThat(Terminal.detect(piped, false).width()).isEqualTo(80);
        assertThat(Terminal.detect(tty("COLUMNS", "12"), false).width()).isEqualTo(Terminal.MIN_WIDTH);
    }

    @Test
    void stderrIsJudgedApartFromStdout() {
        Terminal t = Terminal.detect(tty("FANOUT_STDOUT_TTY", "0", "FANOUT_STDERR_TTY", "1"), false);
        assertThat(t.stdoutTty()).isFalse();
        assertThat(t.stderrTty()).isTrue();
    }
}
