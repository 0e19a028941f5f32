package dev.fanout.client.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's DEBUG log: connections opened (with the time of each setup phase), reused from
 * the pool, closed (and why), and redirects followed. Two loggers, so that each can be turned on
 * alone: {@value #CONNECTIONS} and {@value #REDIRECTS} (both under {@code dev.fanout.client}).
 * URLs are logged without their password.
 *
 * <p>Cheap when DEBUG is off: each method checks {@code isDebugEnabled()} before it builds
 * anything, and a connection's close is watched only when DEBUG was on at its open.
 * Stateless; called on the loop thread.
 */
final class ConnectionLog {

    /** The logger name of connection opens, reuses and closes. */
    static final String CONNECTIONS = "dev.fanout.client.connections";
    /** The logger name of redirects. */
    static final String REDIRECTS = "dev.fanout.client.redirects";

    private static final Logger CONNECTION_LOG = LoggerFactory.getLogger(CONNECTIONS);
    private static final Logger REDIRECT_LOG = LoggerFactory.getLogger(REDIRECTS);

    /** Why the client closed a connection; a close the client did not ask for is the server's. */
    enum CloseReason {
        SERVER("closed by the server"),
        IDLE_TIMEOUT("idle timeout"),
        POOL_FULL("pool full"),
        NOT_REUSABLE("not reusable: the response closes it or has no delimited body"),
        STALE("closed while idle, found so when reused"),
        ENDED_EARLY("its request timed out or was cancelled"),
        ERROR("error"),
        UNEXPECTED_BYTES("bytes arrived while idle"),
        GOAWAY("the server sent GOAWAY and its last stream ended"),
        PING_TIMEOUT("no answer to a PING when reused after idling"),
        CLIENT_CLOSE("client closed");

        private final String words;

        CloseReason(String words) {
            this.words = words;
        }

        @Override
        public String toString() {
            return words;
        }
    }

    private ConnectionLog() {}

    /** Returns true when opens should be logged and closes watched. */
    static boolean enabled() {
        return CONNECTION_LOG.isDebugEnabled();
    }

    /** Logs a new connection, with its setup times from {@code clock}. */
    static void opened(HttpConnection c, TimingsRecorder clock) {
        if (CONNECTION_LOG.isDebugEnabled()) {
            CONNECTION_LOG.debug(
                    "open {} {} -> {} {} (dns {} ms, connect {} ms, tls {} ms)",
                    c.route(),
                    address(c.channel().localAddress()),
                    address(c.channel().remoteAddress()),
                    c instanceof Http2Connection ? "h2" : "http/1.1",
                    millis(clock.dnsNanos()),
                    millis(clock.connectNanos()),
                    millis(clock.tlsNanos()));
        }
    }

    /** Logs a connection taken from the pool for another request. */
    static void reused(HttpConnection c) {
        if (CONNECTION_LOG.isDebugEnabled()) {
            CONNECTION_LOG.debug(
                    "reuse {} {} -> {} (request {} on it)",
                    c.route(),
                    address(c.channel().localAddress()),
                    address(c.channel().remoteAddress()),
                    c.uses() + 1);
        }
    }

    /** Logs a connection's close. */
    static void closed(HttpConnection c, CloseReason reason) {
        if (CONNECTION_LOG.isDebugEnabled()) {
            CONNECTION_LOG.debug(
                    "close {} {} -> {} ({}) after {} request(s)",
                    c.route(),
                    address(c.channel().localAddress()),
                    address(c.channel().remoteAddress()),
                    reason,
                    c.uses());
        }
    }

    /** Logs a redirect about to be followed. */
    static void redirect(int status, String from, String to) {
        if (REDIRECT_LOG.isDebugEnabled()) {
            REDIRECT_LOG.debug("redirect {} {} -> {}", status, UrlText.redact(from), UrlText.redact(to));
        }
    }

    /** Returns {@code ip:port} (IPv6 in brackets), or what the address says of itself. */
    private static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            String ip = inet.getAddress().getHostAddress();
            return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
