package dev.fanout.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine the figures come from, for {@code RESULTS.md}: CPU, cores, memory, OS and JDK. */
final class Machine {

    private Machine() {}

    /** Returns Markdown bullets describing this machine and JVM, read from {@code /proc} and system properties. */
    static List<String> describe() {
        return List.of(
                "- CPU: " + firstValue("/proc/cpuinfo", "model name") + ", "
                        + Runtime.getRuntime().availableProcessors() + " core(s) seen by the JVM",
                "- Memory: " + firstValue("/proc/meminfo", "MemTotal"),
                "- OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                        + System.getProperty("os.arch") + ")",
                "- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                        + System.getProperty("java.vendor")
                        + "), default GC and flags but those each workload gives (the heap; the throughput"
                        + " workload's Parallel collector; fanout-xmx64m's own)",
                "- Every client and the bench's servers share these cores; nothing is pinned.",
                "- net.core.somaxconn: " + ListenQueue.somaxconn() + " (the lean server asks for a backlog of "
                        + ListenQueue.BACKLOG + "; the kernel caps it at this)");
    }

    private static String firstValue(String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown"; // not Linux
        }
        return "unknown";
    }
}
