package dev.fanout.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * What a connection's pipeline ({@link ExchangeHandler}) hands the parts of a response to, and
 * the connection's errors and close: the {@link Attempt} that uses the connection. Loop-confined.
 */
interface ExchangeSink {

    /** The head of a response (or of an interim 1xx response) arrived. */
    void onHead(HttpResponse head);

    /** Body bytes arrived; the caller keeps ownership of {@code content} and releases it. */
    void onContent(ByteBuf content);

    /** The message ended, well or not ({@code last}'s decoder result says). */
    void onEnd(LastHttpContent last);

    /** The connection failed with {@code cause}. */
    void onError(Throwable cause);

    /** The connection closed. */
    void onClosed();
}
