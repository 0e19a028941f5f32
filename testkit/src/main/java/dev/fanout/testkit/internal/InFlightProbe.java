package dev.fanout.testkit.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records what the server received and for how long it held each request, and answers how
 * many it held at once.
 *
 * <p>WireMock's listeners cannot say when an asynchronous response is really sent, so the
 * probe does not watch responses. Instead each testkit request records its arrival time and
 * the time the server will hold it (its delay, which the testkit chose). The peak is then the
 * most intervals {@code [arrival, arrival + hold)} that overlap at one instant — exact for
 * fixed delays, and for random delays too, since the drawn delay is what is recorded.
 *
 * <p>Thread-safe: Jetty threads record while test threads read.
 */
public final class InFlightProbe {

    /** The hold of a request that is never answered. */
    public static final long FOREVER = Long.MAX_VALUE / 4;

    private final Object lock = new Object();
    private long[] arrivals = new long[1024];
    private long[] holds = new long[1024];
    private int held;
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, AtomicInteger> perUrl = new ConcurrentHashMap<>();

    /** Counts one request to {@code url} (path and query), whatever answers it. */
    public void received(String url) {
        requests.incrementAndGet();
        perUrl.computeIfAbsent(url, u -> new AtomicInteger()).incrementAndGet();
    }

    /**
     * Records that a request arrived at {@code arrivalNanos} (System.nanoTime) and that the server
     * holds it for {@code holdNanos} before its response ends; zero for an immediate answer.
     */
    public void held(long arrivalNanos, long holdNanos) {
        synchronized (lock) {
            if (held == arrivals.length) {
                arrivals = Arrays.copyOf(arrivals, held * 2);
                holds = Arrays.copyOf(holds, held * 2);
            }
            arrivals[held] = arrivalNanos;
            holds[held] = holdNanos;
            held++;
        }
    }

    /** Returns the number of requests received since the last reset. */
    public int requestCount() {
        return requests.get();
    }

    /** Returns the number of requests to {@code url} (path and query) since the last reset. */
    public int requestCount(String url) {
        AtomicInteger count = perUrl.get(url);
        return count == null ? 0 : count.get();
    }

    /** Returns each requested URL (path and query) with its count, since the last reset. */
    public Map<String, Integer> requestCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        perUrl.forEach((url, count) -> counts.put(url, count.get()));
        return counts;
    }

    /** Returns the most held requests whose hold intervals overlap at one instant. */
    public int peakInFlight() {
        long[] starts;
        long[] ends;
        int n = 0;
        synchronized (lock) {
            starts = new long[held];
            ends = new long[held];
            for (int i = 0; i < held; i++) {
                if (holds[i] > 0) {
                    starts[n] = arrivals[i];
                    ends[n] = saturatedAdd(arrivals[i], holds[i]);
                    n++;
                }
            }
        }
        starts = Arrays.copyOf(starts, n);
        ends = Arrays.copyOf(ends, n);
        Arrays.sort(starts);
        Arrays.sort(ends);
        // Sweep: a request ending at the instant another starts does not overlap it.
        int peak = 0;
        int now = 0;
        int e = 0;
        for (long start : starts) {
            while (e < ends.length && ends[e] <= start) {
                e++;
                now--;
            }
            now++;
            peak = Math.max(peak, now);
        }
        return peak;
    }

    /** Returns the time from the first to the last recorded arrival, or zero. */
    public Duration arrivalSpread() {
        synchronized (lock) {
            if (held == 0) {
                return Duration.ZERO;
            }
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int i = 0; i < held; i++) {
                min = Math.min(min, arrivals[i]);
                max = Math.max(max, arrivals[i]);
            }
            return Duration.ofNanos(max - min);
        }
    }

    /** Returns the arrival times (System.nanoTime) of the held requests, in arrival order. */
    public List<Long> arrivals() {
        long[] copy;
        synchronized (lock) {
            copy = Arrays.copyOf(arrivals, held);
        }
        Arrays.sort(copy);
        List<Long> list = new ArrayList<>(copy.length);
        for (long t : copy) {
            list.add(t);
        }
        return list;
    }

    /** Forgets everything recorded. */
    public void reset() {
        synchronized (lock) {
            arrivals = new long[1024];
            holds = new long[1024];
            held = 0;
        }
        requests.set(0);
        perUrl.clear();
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
