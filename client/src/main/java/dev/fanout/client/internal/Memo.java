package dev.fanout.client.internal;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value made the first time it is asked for, then kept: for what a client may never need
 * but costs to make (the default Jackson mapper takes a few hundred milliseconds of class
 * loading in a fresh JVM, which a batch that reads no JSON should not pay). Thread-safe: made
 * once, whichever thread asks first.
 */
public final class Memo<T> implements Supplier<T> {

    private final Supplier<? extends T> make;
    private volatile T value;

    private Memo(Supplier<? extends T> make) {
        this.make = make;
    }

    /** Returns {@code make}'s value, made on first use. */
    public static <T> Memo<T> of(Supplier<? extends T> make) {
        return new Memo<>(Objects.requireNonNull(make, "make"));
    }

    /** Returns {@code value} itself: already made. */
    public static <T> Memo<T> ofValue(T value) {
        Memo<T> made = new Memo<>(() -> value);
        made.value = Objects.requireNonNull(value, "value");
        return made;
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = Objects.requireNonNull(make.get(), "made");
                    value = v;
                }
            }
        }
        return v;
    }
}
