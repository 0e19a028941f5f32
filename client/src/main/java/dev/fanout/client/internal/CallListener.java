package dev.fanout.client.internal;

/**
 * Told once when a {@link Call} ends, on the loop thread, after the client's own state (slots,
 * pool) is already up to date.
 */
@FunctionalInterface
interface CallListener {

    /** Called once when {@code call} has a response or an error. */
    void callDone(Call call);
}
