package dev.fanout.client.internal;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The calls an engine has admitted and not yet ended, so that closing the client can end them.
 * Adding and removing one take constant time and no hashing: each call keeps its place in the
 * array ({@link Call#liveSlot}), and a removed call's place takes the last call. A hash set did
 * the same job, but hashing a call the first time (its identity hash) goes into the JVM's runtime,
 * and the set showed in the loop's profile of a busy client: 94 of its 1,261 samples (JFR, 100,000
 * GETs over 64 connections). The loop's CPU per request did not measurably change with it
 * (bench/README.md): kept for doing less, not for a figure.
 *
 * <p>Not thread-safe: the loop only.
 */
final class LiveCalls {

    private Call[] calls = new Call[16];
    private int size;

    /** Adds {@code call}, unless it is here already. */
    void add(Call call) {
        if (call.liveSlot >= 0) {
            return;
        }
        if (size == calls.length) {
            calls = Arrays.copyOf(calls, size * 2);
        }
        calls[size] = call;
        call.liveSlot = size++;
    }

    /** Removes {@code call}, if it is here. */
    void remove(Call call) {
        int slot = call.liveSlot;
        if (slot < 0) {
            return;
        }
        Call last = calls[--size];
        calls[slot] = last;
        last.liveSlot = slot;
        calls[size] = null;
        call.liveSlot = -1;
    }

    /** Returns how many calls are here. */
    int size() {
        return size;
    }

    /** Returns the calls here now, in a queue of their own. */
    ArrayDeque<Call> snapshot() {
        return new ArrayDeque<>(Arrays.asList(calls).subList(0, size));
    }
}
