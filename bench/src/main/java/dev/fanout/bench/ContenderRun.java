package dev.fanout.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The child JVM of one contender's run, started by {@link FanOutBench} so that each client's
 * threads and heap are counted alone: warm-up batches (JIT, connection pools), then the measured
 * batches, each after a {@code System.gc()}.
 *
 * <p>Arguments: contender, URL file (one a line), max connections, warm-up batches, measured
 * rounds, and optionally the body length every answer must have (any when absent or negative).
 * Prints one line: {@code RESULT contender walls=ms,ms,... ok=n threadsBefore=n threadsPeak=n
 * heapPeakMiB=n}, where {@code ok} is the fewest expected answers in any measured round.
 */
final class ContenderRun {

    private ContenderRun() {}

    public static void main(String[] args) throws Exception {
        String name = args[0];
        List<String> urls = Files.readAllLines(Path.of(args[1]));
        int maxConnections = Integer.parseInt(args[2]);
        int warmups = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        int bodyLength = args.length > 5 ? Integer.parseInt(args[5]) : -1;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int threadsBefore = threads.getThreadCount();

        try (Contender contender = Contender.createQueued(name, maxConnections)) {
            for (int i = 0; i < warmups; i++) {
                contender.fetchAll(urls, bodyLength); // JIT, connection pools, DNS caches
            }
            System.gc();
            threads.resetPeakThreadCount();
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP)
                    .toList();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);

            List<Long> walls = new ArrayList<>();
            int ok = urls.size();
            for (int round = 0; round < rounds; round++) {
                // Every round starts from the same heap: none collects the round before's answers.
                System.gc();
                long start = System.nanoTime();
                ok = Math.min(ok, contender.fetchAll(urls, bodyLength));
                walls.add((System.nanoTime() - start) / 1_000_000);
            }
            long heapPeak = heap.stream()
                    .mapToLong(pool -> pool.getPeakUsage().getUsed())
                    .sum();
            System.out.printf(
                    "RESULT %s walls=%s ok=%d threadsBefore=%d threadsPeak=%d heapPeakMiB=%d%n",
                    name,
                    walls.stream().map(String::valueOf).collect(Collectors.joining(",")),
                    ok,
                    threadsBefore,
                    threads.getPeakThreadCount(),
                    heapPeak >> 20);
        }
        System.exit(0); // some clients leave non-daemon threads behind
    }
}
