package dev.fanout.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs one contender of {@link Http2FanOutBench} in a JVM of its own ({@link Http2ContenderRun})
 * and has the origin count around each of its batches, through the child's READY / GO / DONE
 * exchange on its standard input and output.
 *
 * @param heap the child's heap, fixed as the fan-out bench fixes it ({@link FanOutProcess#heapOptions}), for example {@code 2g}
 * @param timeoutMinutes how long the child may run before it is killed and the run fails
 */
record Http2ContenderProcess(String heap, long timeoutMinutes) {

    /**
     * Runs {@code contender} over {@code urls} against {@code origin}: {@code warmups} batches,
     * then {@code rounds} measured ones, each with a client of its own allowed up to
     * {@code maxConnections} connections; returns every batch, warm-up ones first.
     */
    List<Http2BatchResult> run(
            String contender, Http2Origin origin, List<String> urls, int maxConnections, int warmups, int rounds)
            throws Exception {
        Path file = Files.createTempFile("fanout-bench-h2-urls", ".txt");
        try {
            Files.write(file, urls);
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(FanOutProcess.heapOptions(heap));
            command.addAll(List.of(
                    "-cp",
                    System.getProperty("java.class.path"),
                    Http2ContenderRun.class.getName(),
                    contender,
                    file.toString(),
                    String.valueOf(maxConnections),
                    origin.certificatePem().toString(),
                    String.valueOf(warmups),
                    String.valueOf(rounds)));
            Process child = ChildProcesses.builder(command).start();
            Thread watchdog = new Thread(() -> killAfterTimeout(child), "h2-bench-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
            try {
                return exchange(contender, origin, child, warmups);
            } finally {
                child.destroyForcibly();
                child.waitFor();
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private List<Http2BatchResult> exchange(String contender, Http2Origin origin, Process child, int warmups)
            throws Exception {
        List<Http2BatchResult> batches = new ArrayList<>();
        List<String> other = new ArrayList<>();
        Map<String, Integer> failures = new TreeMap<>();
        Writer toChild = child.outputWriter(StandardCharsets.UTF_8);
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                String[] parts = line.split(" ", 4);
                switch (parts[0]) {
                    case "READY" -> {
                        origin.beforeBatch();
                        toChild.write("GO\n");
                        toChild.flush();
                    }
                    case "FAILURE" -> failures.put(parts[3], Integer.parseInt(parts[2]));
                    case "DONE" -> {
                        OriginCounts counts = origin.afterBatch();
                        Map<String, String> fields = fields(parts);
                        BatchOutcome outcome = new BatchOutcome(
                                Integer.parseInt(fields.get("requests")),
                                Integer.parseInt(fields.get("ok")),
                                new TreeMap<>(failures));
                        failures.clear();
                        batches.add(new Http2BatchResult(
                                batches.size() < warmups, Long.parseLong(fields.get("wall")), outcome, counts));
                    }
                    case "END" -> {
                        return batches;
                    }
                    default -> {
                        if (other.size() < 20) {
                            other.add(line);
                        }
                    }
                }
            }
        }
        throw new IllegalStateException(contender + ": ended after " + batches.size() + " batches without END (exit "
                + child.waitFor() + ")" + System.lineSeparator() + String.join(System.lineSeparator(), other));
    }

    private static Map<String, String> fields(String[] parts) {
        Map<String, String> fields = new TreeMap<>();
        for (int i = 2; i < parts.length; i++) {
            for (String field : parts[i].split(" ")) {
                String[] kv = field.split("=", 2);
                fields.put(kv[0], kv[1]);
            }
        }
        return fields;
    }

    private void killAfterTimeout(Process child) {
        try {
            if (!child.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                child.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
