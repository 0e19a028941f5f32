package dev.fanout.client.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The identical GETs of one batch, for a client that sends each of them once
 * ({@code coalesceDuplicateGets}): requests of the same method (GET or HEAD), URL (as given),
 * headers (in order) and timeout, without a body. The first of each kind is its leader, sent
 * as usual; the others follow it, are not sent, and get its outcome under their own index.
 * Made on the caller's thread, then only read.
 */
final class Duplicates {

    private final boolean[] follows;
    private final int[] next;

    private Duplicates(boolean[] follows, int[] next) {
        this.follows = follows;
        this.next = next;
    }

    /** Returns the duplicates among {@code specs} (null entries: invalid requests), or null when there are none. */
    static Duplicates find(ExchangeSpec[] specs) {
        Map<Key, Integer> last = new HashMap<>();
        boolean[] follows = new boolean[specs.length];
        int[] next = new int[specs.length];
        Arrays.fill(next, -1);
        boolean any = false;
        for (int i = 0; i < specs.length; i++) {
            ExchangeSpec spec = specs[i];
            if (spec == null
                    || !(spec.method().equals("GET") || spec.method().equals("HEAD"))
                    || spec.body() != null && spec.body().length > 0) {
                continue;
            }
            Integer before = last.put(new Key(spec.method(), spec.url(), spec.headerPairs(), spec.timeoutNanos()), i);
            if (before != null) {
                follows[i] = true;
                next[before] = i;
                any = true;
            }
        }
        return any ? new Duplicates(follows, next) : null;
    }

    /** Returns true when request {@code i} follows an identical one before it and is not sent. */
    boolean follows(int i) {
        return follows[i];
    }

    /** Returns the next request after {@code i} that shares its outcome, or -1. */
    int next(int i) {
        return next[i];
    }

    private record Key(String method, String url, List<String> headerPairs, long timeoutNanos) {}
}
