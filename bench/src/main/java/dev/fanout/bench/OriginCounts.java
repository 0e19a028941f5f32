package dev.fanout.bench;

/**
 * What a server counted during one batch, on its side of the connections; {@code -1} where the
 * server cannot tell.
 *
 * @param connectionsOpened connections the server accepted
 * @param requests requests that reached the server's request handling
 * @param peakStreams the most requests the server held at once, all connections together
 * @param peakStreamsOnOneConnection the most requests one connection carried at once
 * @param http2Requests of {@code requests}, those that came over HTTP/2
 */
record OriginCounts(
        long connectionsOpened, int requests, int peakStreams, int peakStreamsOnOneConnection, int http2Requests) {}
