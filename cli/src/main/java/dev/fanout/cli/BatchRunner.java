package dev.fanout.cli;

import dev.fanout.client.Batch;
import dev.fanout.client.FanoutClient;
import dev.fanout.client.Request;
import dev.fanout.client.Result;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs requests on a client, all at once ({@code startAll}) or one after another
 * ({@code send}, then wait), and measures what the summary needs.
 *
 * <p>The caller's thread waits for the client in slices of {@link #SLICE_MS} ms; between
 * slices it repaints the progress bar and takes a {@link ThreadCensus} sample. The census
 * starts before the client is built and ends before it is closed, so it sees every thread the
 * client adds. The wall time runs from just before the first request is handed to the client
 * to the moment the last result is back.
 */
final class BatchRunner {

    static final long SLICE_MS = 50;

    /**
     * What a run produced.
     *
     * @param results the client's results, in input order
     * @param rows the same as rows, on one time axis
     * @param wall from the first request handed over to the last result back
     * @param census the threads the client added, and those it delivered results on
     */
    record Run(List<Result> results, List<Row> rows, Duration wall, ThreadCensus census) {}

    private final Terminal terminal;
    private final boolean quiet;
    private final boolean withBody;
    private final PrintWriter err;

    BatchRunner(Terminal terminal, boolean quiet, boolean withBody, PrintWriter err) {
        this.terminal = terminal;
        this.quiet = quiet;
        this.withBody = withBody;
        this.err = err;
    }

    /**
     * Starts every request at once on a client from {@code clients}, then waits for them all.
     *
     * @param ignored a thread group whose threads are not the client's (the demo's server), or null
     */
    Run concurrent(Supplier<FanoutClient> clients, List<Request> requests, ThreadGroup ignored, List<Request> warmUp)
            throws InterruptedException {
        ThreadCensus census = ThreadCensus.before(ignored);
        ProgressBar bar = progressBar(requests.size());
        try (FanoutClient client = clients.get()) {
            warmUp(client, warmUp, census);
            long start = System.nanoTime();
            Batch batch = client.startAll(requests);
            batch.onResult(result -> {
                census.delivered(Thread.currentThread());
                if (bar != null) {
                    bar.completed(result.error() != null);
                }
            });
            census.sample();
            List<Result> results = await(batch.future(), bar, census);
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            census.sample();
            List<Row> rows = new ArrayList<>(results.size());
            for (int i = 0; i < results.size(); i++) {
                rows.add(Rows.of(results.get(i), i, Duration.ZERO, withBody));
            }
            return new Run(results, rows, wall, census);
        } finally {
            if (bar != null) {
                bar.finish();
            }
        }
    }

    /**
     * Sends the requests one after another on one client from {@code clients}: each waits for
     * the one before it. Each row's start is shifted by when its request was sent.
     */
    Run sequential(Supplier<FanoutClient> clients, List<Request> requests, ThreadGroup ignored, List<Request> warmUp)
            throws InterruptedException {
        ThreadCensus census = ThreadCensus.before(ignored);
        ProgressBar bar = progressBar(requests.size());
        try (FanoutClient client = clients.get()) {
            warmUp(client, warmUp, census);
            long start = System.nanoTime();
            List<Result> results = new ArrayList<>(requests.size());
            List<Row> rows = new ArrayList<>(requests.size());
            for (Request request : requests) {
                Duration offset = Duration.ofNanos(System.nanoTime() - start);
                CompletableFuture<Result> sent = client.send(request).whenComplete((result, failure) -> {
                    census.delivered(Thread.currentThread());
                    if (bar != null) {
                        bar.completed(result == null || result.error() != null);
                    }
                });
                Result result = await(sent, bar, census);
                rows.add(Rows.of(result, results.size(), offset, withBody));
                results.add(result);
            }
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            census.sample();
            return new Run(results, rows, wall, census);
        } finally {
            if (bar != null) {
                bar.finish();
            }
        }
    }

    /**
     * Sends {@code warmUp} (may be empty) on {@code client} and waits for it, before the
     * measured run: in a fresh JVM the first requests pay for class loading and a cold JIT, on
     * both sides when the server runs in the same JVM. The census is already counting.
     */
    private static void warmUp(FanoutClient client, List<Request> warmUp, ThreadCensus census)
            throws InterruptedException {
        if (!warmUp.isEmpty()) {
            await(client.startAll(warmUp).future(), null, census);
        }
    }

    private ProgressBar progressBar(int size) {
        return ProgressBar.wanted(size, terminal, quiet)
                ? new ProgressBar(err, size, terminal.width(), System::nanoTime)
                : null;
    }

    private static <T> T await(CompletableFuture<T> future, ProgressBar bar, ThreadCensus census)
            throws InterruptedException {
        while (true) {
            try {
                return future.get(SLICE_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                census.sample();
                if (bar != null) {
                    bar.repaint();
                }
            } catch (ExecutionException e) {
                // The client reports failures in results; a failed future is a bug worth its stack trace.
                throw new IllegalStateException("the client failed a batch: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                future.cancel(true);
                throw e;
            }
        }
    }
}
