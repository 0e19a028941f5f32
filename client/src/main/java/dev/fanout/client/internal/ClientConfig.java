package dev.fanout.client.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.client.EventListener;
import dev.fanout.client.HttpVersion;
import dev.fanout.client.Proxy;
import dev.fanout.client.RetryPolicy;
import io.netty.handler.ssl.SslContext;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The options a client was built with, checked by its builder. Immutable.
 *
 * @param maxInFlight requests on the wire at once, all hosts
 * @param maxConnectionsPerHost requests at once per HTTP/1.1 origin (one per connection); connections per HTTP/2 origin
 * @param maxQueued requests that may wait for a slot, all hosts; beyond: REJECTED
 * @param maxIdlePerHost idle keep-alive connections kept per origin
 * @param idleTimeout how long an idle connection is kept
 * @param connectTimeout the budget of a connection's setup: TCP connect, proxy tunnel, TLS handshake, h2 SETTINGS together; also each DNS query's timeout
 * @param requestTimeout default per-request timeout, from slot to last body byte
 * @param maxResponseBytes decoded body cap
 * @param maxHeaderBytes response header block cap
 * @param maxRedirects redirects followed per request (0: none followed)
 * @param allowHttpsToHttpRedirects whether a redirect from https to http is followed
 * @param userAgent the User-Agent sent unless a request sets one
 * @param mapper the Jackson mapper for JSON bodies, made when first asked for
 * @param sslContext the TLS context, made on first use
 * @param dnsServers the name servers to ask, or empty for the system's ({@code /etc/resolv.conf})
 * @param httpVersion the HTTP versions spoken
 * @param retryPolicy when and how requests are sent again
 * @param hedgeAfter how long an idempotent request waits for an answer before a copy races it, or null
 * @param hedgePercentile the batch's observed latency percentile after which a copy races a request (0 &lt; p &lt; 1), or 0
 * @param rateLimits the paces of starts, per origin or for every origin
 * @param coalesceGets whether identical GETs of a batch are sent once
 * @param adaptiveEveryOrigin whether every origin's concurrency limit adapts to it
 * @param adaptiveOrigins the origins (as URLs) whose concurrency limit adapts to them
 * @param events makes each request's event listener, or null: none
 * @param proxy the proxy every request goes through, or {@link Proxy#NONE}
 * @param proxySelector what chooses each request's proxy (then {@code proxy} is unused), or null
 * @param proxyAuthenticator where the credentials of a proxy without its own come from, or null
 */
public record ClientConfig(
        int maxInFlight,
        int maxConnectionsPerHost,
        int maxQueued,
        int maxIdlePerHost,
        Duration idleTimeout,
        Duration connectTimeout,
        Duration requestTimeout,
        long maxResponseBytes,
        int maxHeaderBytes,
        int maxRedirects,
        boolean allowHttpsToHttpRedirects,
        String userAgent,
        Supplier<ObjectMapper> mapper,
        Supplier<SslContext> sslContext,
        List<InetSocketAddress> dnsServers,
        HttpVersion httpVersion,
        RetryPolicy retryPolicy,
        Duration hedgeAfter,
        double hedgePercentile,
        List<RateLimit> rateLimits,
        boolean coalesceGets,
        boolean adaptiveEveryOrigin,
        List<String> adaptiveOrigins,
        EventListener.Factory events,
        Proxy proxy,
        ProxySelector proxySelector,
        Authenticator proxyAuthenticator) {}
