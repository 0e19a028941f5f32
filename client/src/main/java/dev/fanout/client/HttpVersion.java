package dev.fanout.client;

/**
 * Which HTTP versions a client speaks, set with {@link FanoutClient.Builder#httpVersion}.
 * Whatever the version, a {@link Response#protocol()} says what each response came over.
 */
public enum HttpVersion {
    /**
     * HTTP/2 where the server offers it, else HTTP/1.1 (the default): over TLS the client offers
     * {@code h2} and {@code http/1.1} by ALPN and speaks what the server picks; plain
     * {@code http://} URLs use HTTP/1.1 (a server's h2c support cannot be known without asking).
     */
    AUTO,
    /** HTTP/1.1 only: ALPN does not offer {@code h2}. */
    HTTP_1_1,
    /**
     * HTTP/2 only: {@code h2} over TLS, and h2c with prior knowledge on plain {@code http://}. A
     * server that does not speak it fails the request as {@link ErrorKind#PROTOCOL}, saying so.
     */
    HTTP_2
}
