package dev.fanout.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference beside the JVM clients: {@code wrk -t1 -cC -dSs URL}, one thread keeping C
 * keep-alive connections busy for S seconds. A run with any non-2xx answer or socket error fails.
 *
 * @param executable the wrk command, for example {@code wrk}
 * @param connections connections kept open, each with one request at a time
 * @param seconds how long one run lasts
 */
record WrkRun(String executable, int connections, int seconds) {

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

    /** Runs wrk once against {@code url} and returns its requests per second. */
    double requestsPerSecond(String url) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(executable, "-t1", "-c" + connections, "-d" + seconds + "s", url)
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        Matcher rate = RATE.matcher(out);
        if (exit != 0 || !rate.find() || out.contains("Non-2xx") || out.contains("Socket errors")) {
            throw new IllegalStateException("wrk against " + url + " failed (exit " + exit + "):\n" + out);
        }
        return Double.parseDouble(rate.group(1));
    }

    /** Returns how the run is written in the results, for example {@code wrk -t1 -c64 -d5s}. */
    String describe() {
        return "wrk -t1 -c" + connections + " -d" + seconds + "s";
    }
}
