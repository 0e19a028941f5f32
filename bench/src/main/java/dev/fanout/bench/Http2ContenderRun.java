package dev.fanout.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The child JVM of one contender's run in {@link Http2FanOutBench}: {@code warmups + rounds}
 * batches, each with a client of its own, so that every batch starts without a connection and
 * the connections the server counts for it are those the client chose to open for it, while the
 * JVM (JIT, classes) is warm from the batches before.
 *
 * <p>Arguments: contender, URL file (one a line), max connections, the PEM file of the
 * certificate to trust, warm-up batches, measured rounds. The parent ({@link Http2ContenderProcess})
 * counts at the server around each batch, so each batch waits for it on standard input:
 *
 * <pre>
 * child                                   parent
 * (builds the batch's client)
 * READY i                         ──►     notes the server's counts
 *                                 ◄──     GO
 * (sends the batch, times it)
 * FAILURE i count description     ──►     (one line per kind of failure)
 * DONE i wall=ms ok=n requests=n  ──►     notes the server's counts again
 * (closes the client)
 * ...
 * END
 * </pre>
 */
final class Http2ContenderRun {

    private Http2ContenderRun() {}

    public static void main(String[] args) throws Exception {
        String name = args[0];
        List<String> urls = Files.readAllLines(Path.of(args[1]));
        int maxConnections = Integer.parseInt(args[2]);
        Path trustedPem = Path.of(args[3]);
        int batches = Integer.parseInt(args[4]) + Integer.parseInt(args[5]);
        BufferedReader parent = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (int batch = 0; batch < batches; batch++) {
            try (Http2Contender contender = Http2Contender.create(name, maxConnections, trustedPem)) {
                say("READY " + batch);
                String go = parent.readLine();
                if (!"GO".equals(go)) {
                    throw new IllegalStateException("expected GO from the parent, got: " + go);
                }
                long start = System.nanoTime();
                BatchOutcome outcome = contender.fetchAll(urls);
                long wall = (System.nanoTime() - start) / 1_000_000;
                for (Map.Entry<String, Integer> failure : outcome.failures().entrySet()) {
                    say("FAILURE " + batch + " " + failure.getValue() + " " + failure.getKey());
                }
                say("DONE " + batch + " wall=" + wall + " ok=" + outcome.ok() + " requests=" + outcome.requests());
            }
            // The JDK's client closes its connections only once collected: before the next batch.
            System.gc();
        }
        say("END");
        System.exit(0); // some clients leave non-daemon threads behind
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
