package dev.fanout.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's load averages, printed beside every figure: on a shared machine they say what
 * the figures are worth.
 */
final class LoadAverage {

    private LoadAverage() {}

    /** Returns the 1-, 5- and 15-minute load averages as {@code /proc/loadavg} has them, or {@code "unknown"}. */
    static String now() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown"; // not Linux: the figures stand without it
        }
    }
}
