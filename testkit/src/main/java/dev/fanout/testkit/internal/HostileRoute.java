package dev.fanout.testkit.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A request target of the hostile server, read: its behaviour's name (the first segment of the
 * path) and its numeric parameters (the segments after it, but the last, which is the tag that
 * keeps every URL distinct). {@code /trickle/100/10/50/7} is behaviour {@code trickle} with
 * parameters 100, 10 and 50; {@code /h2/reset-stream/8/3} is {@code h2/reset-stream} with 8.
 *
 * <p>Immutable.
 */
final class HostileRoute {

    private static final String H2 = "h2";

    private final String name;
    private final List<Long> params;

    private HostileRoute(String name, List<Long> params) {
        this.name = name;
        this.params = params;
    }

    /** Reads {@code target} (a path, perhaps with a query, which is ignored). */
    static HostileRoute parse(String target) {
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        String[] segments = path.split("/", -1);
        if (segments.length < 3 || !segments[0].isEmpty()) {
            return new HostileRoute(path, List.of());
        }
        int first = 1;
        String name = segments[1];
        if (name.equals(H2) && segments.length >= 4) {
            name = H2 + "/" + segments[2];
            first = 2;
        }
        List<Long> params = new ArrayList<>();
        for (int i = first + 1; i < segments.length - 1; i++) {
            try {
                params.add(Long.parseLong(segments[i]));
            } catch (NumberFormatException notANumber) {
                return new HostileRoute(path, List.of());
            }
        }
        return new HostileRoute(name, List.copyOf(params));
    }

    /** Returns the behaviour's name, such as {@code trickle} or {@code h2/reset-stream}. */
    String name() {
        return name;
    }

    /** Returns the {@code index}th parameter, or {@code otherwise} if there are fewer. */
    long param(int index, long otherwise) {
        return index < params.size() ? params.get(index) : otherwise;
    }

    /** Returns the {@code index}th parameter as an int, at most {@code max} and at least 0. */
    int intParam(int index, int otherwise, int max) {
        return (int) Math.max(0, Math.min(max, param(index, otherwise)));
    }

    /** Returns every parameter, in order. */
    List<Long> params() {
        return params;
    }
}
