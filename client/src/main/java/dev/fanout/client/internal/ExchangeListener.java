package dev.fanout.client.internal;

/**
 * Told once when an {@link Exchange} ends, on the loop thread, after the client's own state
 * (slots, pool) is already up to date.
 */
@FunctionalInterface
public interface ExchangeListener {

    /** Called once when {@code exchange} has a response or an error. */
    void exchangeDone(Exchange exchange);
}
