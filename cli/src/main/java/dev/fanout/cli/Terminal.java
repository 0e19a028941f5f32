package dev.fanout.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What the command knows about where it prints: the width, whether stdout and stderr are
 * terminals, and whether to use colour and Unicode.
 *
 * <p>Java 17 cannot ask whether one stream is a terminal, so the {@code ./fanout} launcher,
 * which can ({@code [ -t 1 ]}), passes {@code FANOUT_STDOUT_TTY} and {@code FANOUT_STDERR_TTY}
 * (1 or 0) and exports {@code COLUMNS}. Run as {@code java -jar}, the command falls back to
 * {@code /proc/self/fd} (Linux), then to {@code System.console()}, and to {@code stty size}
 * for the width. Colour needs stdout on a terminal, {@code NO_COLOR} unset, {@code TERM} not
 * {@code dumb}, and no {@code --no-color}. Immutable.
 *
 * @param width columns to fit every line in (at least {@link #MIN_WIDTH})
 * @param stdoutTty stdout is a terminal
 * @param stderrTty stderr is a terminal
 * @param color paint with ANSI colours
 * @param unicode stdout's charset is UTF-8 (block characters in the coloured waterfall)
 */
record Terminal(int width, boolean stdoutTty, boolean stderrTty, boolean color, boolean unicode) {

    /** The narrowest width the renderers lay out for. */
    static final int MIN_WIDTH = 40;

    static final int DEFAULT_WIDTH = 80;

    Terminal {
        width = Math.max(MIN_WIDTH, width);
    }

    /** Returns a plain terminal: no colour, ASCII only, not a tty (tests, pipes). */
    static Terminal plain(int width) {
        return new Terminal(width, false, false, false, false);
    }

    /** Detects the terminal of this process from {@code env} (normally {@code System.getenv()}). */
    static Terminal detect(Map<String, String> env, boolean noColor) {
        boolean stdoutTty = flag(env.get("FANOUT_STDOUT_TTY"), () -> isTty(1));
        boolean stderrTty = flag(env.get("FANOUT_STDERR_TTY"), () -> isTty(2));
        String noColorEnv = env.get("NO_COLOR");
        boolean color = stdoutTty
                && !noColor
                && (noColorEnv == null || noColorEnv.isEmpty())
                && !"dumb".equals(env.get("TERM"));
        boolean unicode = StandardCharsets.UTF_8.equals(stdoutCharset());
        return new Terminal(width(env, stdoutTty), stdoutTty, stderrTty, color, unicode && color);
    }

    /** Returns the charset the command prints in: the platform's (Java 17 has no per-stream one). */
    static Charset stdoutCharset() {
        String stdout = System.getProperty("sun.stdout.encoding");
        if (stdout != null && Charset.isSupported(stdout)) {
            return Charset.forName(stdout);
        }
        return Charset.defaultCharset();
    }

    private static int width(Map<String, String> env, boolean stdoutTty) {
        String columns = env.get("COLUMNS");
        if (columns != null && columns.matches("\\d{1,4}") && Integer.parseInt(columns) > 0) {
            return Integer.parseInt(columns);
        }
        if (stdoutTty) {
            int stty = sttyColumns();
            if (stty > 0) {
                return stty;
            }
        }
        return DEFAULT_WIDTH;
    }

    /** Asks {@code stty size </dev/tty}: "rows columns"; 0 when that does not work. */
    private static int sttyColumns() {
        File tty = new File("/dev/tty");
        if (!tty.exists()) {
            return 0;
        }
        try {
            Process stty = new ProcessBuilder("stty", "size")
                    .redirectInput(tty)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (!stty.waitFor(2, TimeUnit.SECONDS) || stty.exitValue() != 0) {
                stty.destroy();
                return 0;
            }
            String[] parts = out.split("\\s+");
            return parts.length == 2 && parts[1].matches("\\d{1,4}") ? Integer.parseInt(parts[1]) : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static boolean flag(String value, BooleanSupplier fallback) {
        if ("1".equals(value) || "true".equals(value)) {
            return true;
        }
        if ("0".equals(value) || "false".equals(value)) {
            return false;
        }
        return fallback.getAsBoolean();
    }

    /** Whether file descriptor {@code fd} is a terminal: Linux's /proc, else {@code System.console()}. */
    private static boolean isTty(int fd) {
        Path link = Path.of("/proc/self/fd/" + fd);
        try {
            if (Files.isSymbolicLink(link)) {
                String target = Files.readSymbolicLink(link).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (IOException | UnsupportedOperationException e) {
            // fall through to the console check
        }
        return System.console() != null;
    }
}
