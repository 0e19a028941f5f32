package dev.fanout.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The fan-out workload's server model for {@link LeanHttpServer}: each request to
 * {@code /held/MS/I} is held MS milliseconds on the server's timer, then answered 200 with the
 * server's 3-byte body; it counts the requests held at once and their peak since the last
 * {@link #reset}. A timer, not a thread, per held request: ten thousand held at once cost the
 * one server thread nothing while they wait, so the server is not what the bench measures.
 *
 * <p>Not thread-safe: the server calls {@link #handle} on its one thread, and the bench reads and
 * resets the counts there too ({@link LeanHttpServer#call}, {@link LeanHttpServer#reset}).
 */
final class HeldRequests implements LeanHttpServer.Model {

    private int inFlight;
    private int peak;

    /** Returns {@code n} distinct URLs of {@code server}, each held {@code holdMillis}. */
    static List<String> urls(LeanHttpServer server, int n, long holdMillis) {
        List<String> urls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            urls.add(server.url("/held/" + holdMillis + "/" + i));
        }
        return urls;
    }

    @Override
    public void handle(LeanHttpServer.Exchange exchange) {
        String[] parts = exchange.path().split("/");
        if (parts.length != 4 || !parts[1].equals("held")) {
            exchange.respond(404);
            return;
        }
        inFlight++;
        peak = Math.max(peak, inFlight);
        exchange.schedule(TimeUnit.MILLISECONDS.toNanos(Long.parseLong(parts[2])), () -> {
            inFlight--;
            exchange.respond(200);
        });
    }

    /** Zeroes the peak (to the requests held now); on the server's thread. */
    void reset() {
        peak = inFlight;
    }

    /** Returns the most requests held at once since the last reset; on the server's thread. */
    int peak() {
        return peak;
    }
}
