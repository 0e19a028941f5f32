package dev.fanout.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one contender in a JVM of its own ({@link ContenderRun}), so that its threads and heap are
 * its own, and returns what it measured.
 *
 * <p>The child's class path is this JVM's unless one is given: the commit comparison runs the same
 * bench classes against another build of fanout's loop and client jars that way, while the
 * server stays in this JVM, unchanged.
 *
 * <p>Node's fetch and aiohttp run their scripts beside this class ({@code throughput-fetch.mjs},
 * {@code throughput_fetch.py}), which print the same RESULT line; Jetty 12's JVM has its jars
 * first on the class path, as in {@link FanOutProcess}.
 *
 * @param jvmOptions the options of a JVM child before its class path, for example {@code
 *     [-Xms4g, -Xmx4g, -XX:+AlwaysPreTouch]}
 * @param cpus the CPUs to pin the child to ({@code taskset -c}), or null for all
 * @param classPath the child's class path, or null for this JVM's
 * @param node the {@code node} executable
 * @param python the {@code python3} executable with aiohttp
 */
record ContenderProcess(List<String> jvmOptions, String cpus, String classPath, String node, String python) {

    /**
     * Runs {@code contender} over {@code urls}: {@code warmups} batches, then {@code rounds}
     * measured ones, each answer checked for a body of {@code bodyLength} bytes (any length when
     * negative).
     */
    ContenderResult run(
            String contender, List<String> urls, int maxConnections, int warmups, int rounds, int bodyLength)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("fanout-bench-urls");
        Path file = dir.resolve("urls.txt");
        try {
            Files.write(file, urls);
            List<String> command = new ArrayList<>();
            if (cpus != null) {
                command.addAll(List.of("taskset", "-c", cpus));
            }
            switch (contender) {
                case "node-fetch" -> command.addAll(List.of(node, FanOutProcess.script("throughput-fetch.mjs", dir)));
                case "aiohttp" -> {
                    FanOutProcess.script("fanout_fetch.py", dir); // its fetch_all, imported
                    command.addAll(List.of(python, FanOutProcess.script("throughput_fetch.py", dir)));
                }
                default -> {
                    String cp = classPath != null ? classPath : System.getProperty("java.class.path");
                    if (contender.equals("jetty")) {
                        cp = FanOutProcess.jettyJars() + "/*" + File.pathSeparator + cp; // before WireMock's 11
                    }
                    String java = Path.of(System.getProperty("java.home"), "bin", "java")
                            .toString();
                    command.add(java);
                    command.addAll(jvmOptions);
                    command.addAll(List.of("-cp", cp, ContenderRun.class.getName(), contender));
                }
            }
            command.addAll(List.of(
                    file.toString(),
                    String.valueOf(maxConnections),
                    String.valueOf(warmups),
                    String.valueOf(rounds),
                    String.valueOf(bodyLength)));
            Process child = ChildProcesses.builder(command).start();
            String result = null;
            List<String> other = new ArrayList<>();
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("RESULT ")) {
                        result = line;
                    } else if (other.size() < 20) {
                        other.add(line);
                    }
                }
            }
            int exit = child.waitFor();
            if (result == null) {
                throw new IllegalStateException(contender + ": no result (exit " + exit + ")" + System.lineSeparator()
                        + String.join(System.lineSeparator(), other));
            }
            return ContenderResult.parse(result);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }
}
