package dev.fanout.bench;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Starts one fan-out process for a contender, in the language the contender is written in (a JVM
 * for the Java clients, {@code node} for Node's fetch, {@code python3} for aiohttp), answers its
 * READY lines after resetting the server's peak, and gathers what it reports into a
 * {@link FanOutSample}. A process that runs past the timeout is killed and fails the run.
 *
 * <p>Every process, whatever its language, is started by {@code sh -c 'ulimit -n L; exec ...'}
 * with the same descriptor limit L, soft and hard: this JVM's own, which HotSpot raised to the
 * hard limit at start-up. Without it the JVMs (which raise their soft limit to the hard one) and
 * Node and Python (which keep the soft one they inherit) would each get their own.
 *
 * @param heap the JVM children's heap, fixed ({@code -Xms} and {@code -Xmx}: see
 *     {@link #heapOptions}), the same for every Java client but {@code fanout-xmx64m}
 * @param classPath the JVM children's class path, or null for this JVM's (the commit comparison's)
 * @param node the {@code node} executable
 * @param python the {@code python3} executable with aiohttp
 * @param timeoutMinutes how long one process may run
 * @param descriptors every process's limit of open files, soft and hard
 * @param jitWarmups the most warm-up batches a JVM process sends past its count while its JIT is
 *     still compiling ({@link FanOutChild}); Node's and aiohttp's send their count
 */
record FanOutProcess(
        String heap,
        String classPath,
        String node,
        String python,
        long timeoutMinutes,
        long descriptors,
        int jitWarmups) {

    /** Descriptors a process needs beyond one per connection (its jars, pipes, selectors); a warning below. */
    static final int DESCRIPTOR_HEADROOM = 1_024;

    /** Returns this JVM's limit of open files (soft, which HotSpot raised to the hard one), or 0 if unknown. */
    static long descriptorLimit() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount()
                : 0;
    }

    /** The contenders that are not on the JVM: their script beside this class, and how each is started. */
    static final List<String> EXTERNAL = List.of("node-fetch", "aiohttp");

    /** Returns why {@code contender} cannot run on this machine, or null when it can. */
    String unavailable(String contender) throws InterruptedException {
        return unavailable(contender, node, python);
    }

    /**
     * Returns true if {@code contender} cannot run here with these executables, having added a
     * line that says why to {@code notes}.
     */
    static boolean skipped(String contender, String node, String python, List<String> notes)
            throws InterruptedException {
        String why = unavailable(contender, node, python);
        if (why != null) {
            notes.add("- " + contender + ": skipped (" + why + ")");
        }
        return why != null;
    }

    /** Returns why {@code contender} cannot run here with these executables, or null when it can. */
    static String unavailable(String contender, String node, String python) throws InterruptedException {
        return switch (contender) {
            case "node-fetch" -> succeeds(node, "--version") ? null : node + " is not installed";
            case "aiohttp" -> succeeds(python, "-c", "import aiohttp") ? null : python + " has no aiohttp";
            case "jetty" -> Files.isDirectory(jettyJars()) ? null : jettyJars() + " is missing (mvn package makes it)";
            default -> null;
        };
    }

    /**
     * Runs one process of {@code contender} over {@code urls} ({@code warmups} unmeasured batches
     * between the first and the measured ones), and the probe batch over {@code probeUrls} if not
     * null; {@code beforeBatch} readies the server for a batch of the kind the child announces
     * (resets its peak) and {@code peakRead} reads the server's peak.
     */
    FanOutSample run(
            String contender,
            List<String> urls,
            List<String> probeUrls,
            int warmups,
            int bodyLength,
            Consumer<String> beforeBatch,
            Callable<Integer> peakRead)
            throws Exception {
        Path dir = Files.createTempDirectory("fanout-bench-fan");
        try {
            Path file = Files.write(dir.resolve("urls.txt"), urls);
            Path probe = probeUrls == null ? null : Files.write(dir.resolve("probe.txt"), probeUrls);
            List<String> command = command(contender, dir);
            command.addAll(List.of(
                    file.toString(),
                    probe == null ? "-" : probe.toString(),
                    String.valueOf(urls.size()),
                    String.valueOf(warmups),
                    String.valueOf(bodyLength),
                    String.valueOf(jitWarmups)));
            Process child = ChildProcesses.builder(command).start();
            try {
                return exchange(contender, child, beforeBatch, peakRead);
            } finally {
                child.destroyForcibly();
                child.waitFor();
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private List<String> command(String contender, Path dir) throws IOException {
        List<String> command = new ArrayList<>();
        if (descriptors > 0) {
            command.addAll(List.of("/bin/sh", "-c", "ulimit -n \"$0\" && exec \"$@\"", String.valueOf(descriptors)));
        }
        switch (contender) {
            case "node-fetch" -> command.addAll(List.of(node, "--expose-gc", script("fanout-fetch.mjs", dir)));
            case "aiohttp" -> command.addAll(List.of(python, script("fanout_fetch.py", dir)));
            default -> {
                String cp = classPath != null ? classPath : System.getProperty("java.class.path");
                if (contender.equals("jetty")) {
                    cp = jettyJars() + "/*" + File.pathSeparator + cp; // Jetty 12 before WireMock's 11
                }
                String java =
                        Path.of(System.getProperty("java.home"), "bin", "java").toString();
                command.add(java);
                command.addAll(
                        contender.equals(Contender.SMALL_HEAP_FANOUT)
                                ? Contender.SMALL_HEAP_OPTIONS
                                : heapOptions(heap));
                command.addAll(List.of("-cp", cp, FanOutChild.class.getName(), contender));
            }
        }
        return command;
    }

    /**
     * Returns the options that fix a JVM client's heap at {@code heap}. Each child calls
     * {@code System.gc()} before its measured batches, and with {@code -Xmx} alone G1 then shrinks
     * the heap to what the client keeps live: the batch pays for growing it back, in young
     * collections on an eden of a few regions and in first touches of pages the machine must back
     * again, and the client that keeps the least pays the most. A service's heap does not shrink
     * before each batch; many are run with a fixed one. bench/README.md gives the runs
     * ("A fixed heap for every JVM client").
     */
    static List<String> heapOptions(String heap) {
        return List.of("-Xms" + heap, "-Xmx" + heap);
    }

    private FanOutSample exchange(
            String contender, Process child, Consumer<String> beforeBatch, Callable<Integer> peakRead)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(timeoutMinutes);
        Thread watchdog = new Thread(() -> {
            try {
                if (!child.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    child.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        Map<String, Long> walls = new HashMap<>();
        Map<String, Integer> peaks = new HashMap<>();
        Map<String, String> fields = new HashMap<>();
        int fewestOk = Integer.MAX_VALUE;
        List<String> other = new ArrayList<>();
        Writer toChild = child.outputWriter(StandardCharsets.UTF_8);
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                String[] parts = line.split(" ");
                if (parts[0].equals("READY")) {
                    beforeBatch.accept(parts[1]);
                    toChild.write("GO\n");
                    toChild.flush();
                } else if (parts[0].equals("DONE") || parts[0].equals("END")) {
                    for (int i = 1; i < parts.length; i++) {
                        String[] kv = parts[i].split("=", 2);
                        if (kv.length == 2) {
                            fields.put(kv[0], kv[1]);
                        }
                    }
                    if (parts[0].equals("END")) {
                        return new FanOutSample(
                                contender,
                                fields.get("version").replace('_', ' '),
                                walls,
                                peaks,
                                fewestOk,
                                Long.parseLong(fields.get("cpuMs")),
                                Integer.parseInt(fields.get("threads")),
                                Long.parseLong(fields.get("rssKiB")),
                                Long.parseLong(fields.getOrDefault("heapPerRequest", "-1")),
                                Integer.parseInt(fields.getOrDefault("warmups", "-1")),
                                Long.parseLong(fields.getOrDefault("jitMs", "-1")));
                    }
                    fewestOk = Math.min(fewestOk, Integer.parseInt(fields.get("ok")));
                    walls.put(parts[1], Long.parseLong(fields.get("wall")));
                    peaks.put(parts[1], peakRead.call());
                } else if (other.size() < 30) {
                    other.add(line);
                }
            }
        }
        throw new IllegalStateException(contender + ": ended without END (exit " + child.waitFor() + ")"
                + System.lineSeparator() + String.join(System.lineSeparator(), other));
    }

    /** Returns the directory of Jetty 12's jars, beside the bench jar this JVM runs from. */
    static Path jettyJars() {
        String first = System.getProperty("java.class.path").split(File.pathSeparator)[0];
        Path parent = Path.of(first).toAbsolutePath().getParent();
        return parent.resolve(JettyContender.JARS);
    }

    /** Copies the script {@code name} beside this class into {@code dir}; returns the copy's path. */
    static String script(String name, Path dir) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = FanOutProcess.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not in the bench jar");
            }
            Files.copy(in, target);
        }
        return target.toString();
    }

    private static boolean succeeds(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().transferTo(OutputStream.nullOutputStream());
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false; // not installed
        }
    }
}
