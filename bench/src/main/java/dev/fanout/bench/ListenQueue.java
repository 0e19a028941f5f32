package dev.fanout.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The kernel's side of the bench servers' accept queues. A batch opens its N connections at
 * once; the kernel holds the ones the server has not accepted yet in the listening socket's
 * queue, whose length is the server's backlog capped at {@code net.core.somaxconn}. Past it, the
 * kernel drops the connection's SYN or its last ACK (counted as {@code ListenOverflows}) and the
 * client's kernel sends it again only after a second: a client that opens 10,000 connections at
 * once then waits on the machine, not on the server. Measured here on 2026-12-06 with
 * {@code somaxconn} 4096 (the lean server asked for 8,192 then): 8,671 overflows over
 * {@code FanOutBench --sizes 10000 --processes 2}, AsyncHttpClient's fresh batches 1,540–1,642 ms
 * and Reactor Netty's 2,594–2,618; with 65535, none, and 772–896 and 1,057–1,176 ms
 * (bench/README.md). Stateless.
 */
final class ListenQueue {

    /** The backlog the lean server asks for (the kernel caps it at {@code somaxconn}). */
    static final int BACKLOG = 65_535;

    private ListenQueue() {}

    /** Returns the kernel's {@code net.core.somaxconn}, or -1 where there is none to read. */
    static int somaxconn() {
        try {
            // By lines: a whole-file read of this /proc file gave its first byte alone here.
            return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/core/somaxconn"))
                    .get(0)
                    .trim());
        } catch (IOException | RuntimeException e) {
            return -1; // not Linux
        }
    }

    /**
     * Returns how many connections the kernel has dropped at a full accept queue since it
     * started ({@code TcpExt ListenOverflows}, every listening socket of the machine), or -1
     * where there is no count to read.
     */
    static long overflows() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/netstat"));
            for (int i = 0; i + 1 < lines.size(); i += 2) { // a line of names, then one of values
                if (!lines.get(i).startsWith("TcpExt: ")) {
                    continue;
                }
                List<String> names = List.of(lines.get(i).split(" "));
                int k = names.indexOf("ListenOverflows");
                return k < 0 ? -1 : Long.parseLong(lines.get(i + 1).split(" ")[k]);
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1; // not Linux
        }
    }

    /**
     * Returns a warning when the accept queue is shorter than a batch of {@code n} connections
     * (the kernel may drop some of them), or null when it is long enough or cannot be read.
     */
    static String warning(int n) {
        int cap = somaxconn();
        int queue = Math.min(cap, BACKLOG);
        if (cap < 0 || queue >= n) {
            return null;
        }
        String why = cap < n
                ? "net.core.somaxconn is " + cap + "; as root: sysctl -w net.core.somaxconn=65535"
                : "the server asks for a backlog of " + BACKLOG;
        return String.format(
                Locale.ROOT,
                "the server's accept queue holds %,d connections (%s), under a batch of %,d that connects at"
                        + " once: the kernel may drop some, and their clients wait 1 s to try again",
                queue,
                why,
                n);
    }

    /** Returns {@code "; N listen-queue overflows"} for a count since {@code before}, or "" where unknown. */
    static String since(long before) {
        long now = overflows();
        return before < 0 || now < 0 ? "" : String.format(Locale.ROOT, "; %,d listen-queue overflows", now - before);
    }
}
