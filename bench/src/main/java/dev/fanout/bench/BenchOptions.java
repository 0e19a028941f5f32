package dev.fanout.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code --name value} options of a bench's command line, each read with its default.
 * Not thread-safe: the bench's main thread reads them.
 */
final class BenchOptions {

    private final Map<String, String> values = new LinkedHashMap<>();

    private BenchOptions() {}

    /**
     * Parses {@code args}, pairs of {@code --name value}.
     *
     * @throws IllegalArgumentException if an argument is not such a pair; the message shows {@code usage}
     */
    static BenchOptions parse(String[] args, String usage) {
        BenchOptions options = new BenchOptions();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: " + usage + " (got: " + args[i] + ")");
            }
            options.values.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    /** Returns the option's value, or {@code otherwise}. */
    String text(String name, String otherwise) {
        return values.getOrDefault(name, otherwise);
    }

    /** Returns the option's value as an int, or {@code otherwise}. */
    int number(String name, int otherwise) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : otherwise;
    }

    /** Returns the option's value as a long, or {@code otherwise}. */
    long longNumber(String name, long otherwise) {
        return values.containsKey(name) ? Long.parseLong(values.get(name)) : otherwise;
    }

    /** Returns the option's value as a double, or {@code otherwise}. */
    double decimal(String name, double otherwise) {
        return values.containsKey(name) ? Double.parseDouble(values.get(name)) : otherwise;
    }
}
