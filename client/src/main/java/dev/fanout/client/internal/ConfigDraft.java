package dev.fanout.client.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.client.EventListener;
import dev.fanout.client.FanoutClient;
import dev.fanout.client.HttpVersion;
import dev.fanout.client.Proxy;
import dev.fanout.client.RetryPolicy;
import io.netty.handler.ssl.SslContext;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The options a {@link FanoutClient.Builder} has been given so far, each already checked by the
 * builder, which owns this draft and is its only writer: a scratchpad with public fields so that
 * the builder's public methods stay one check and one assignment each. {@link #config()} turns it
 * into the immutable {@link ClientConfig} a client is built with. Not thread-safe, like the
 * builder.
 */
public final class ConfigDraft {

    /** See {@link FanoutClient.Builder#maxInFlight}. */
    public int maxInFlight = FanoutClient.Builder.DEFAULT_MAX_IN_FLIGHT;
    /** See {@link FanoutClient.Builder#maxConnectionsPerHost}. */
    public int maxConnectionsPerHost = FanoutClient.Builder.DEFAULT_MAX_CONNECTIONS_PER_HOST;
    /** See {@link FanoutClient.Builder#maxIdleConnectionsPerHost}; -1: as many as maxConnectionsPerHost. */
    public int maxIdleConnectionsPerHost = -1;
    /** See {@link FanoutClient.Builder#maxQueued}. */
    public int maxQueued = FanoutClient.Builder.DEFAULT_MAX_QUEUED;
    /** See {@link FanoutClient.Builder#connectTimeout}. */
    public Duration connectTimeout = FanoutClient.Builder.DEFAULT_CONNECT_TIMEOUT;
    /** See {@link FanoutClient.Builder#requestTimeout}. */
    public Duration requestTimeout = FanoutClient.Builder.DEFAULT_REQUEST_TIMEOUT;
    /** See {@link FanoutClient.Builder#idleTimeout}. */
    public Duration idleTimeout = FanoutClient.Builder.DEFAULT_IDLE_TIMEOUT;
    /** See {@link FanoutClient.Builder#maxResponseBytes}. */
    public long maxResponseBytes = FanoutClient.Builder.DEFAULT_MAX_RESPONSE_BYTES;
    /** See {@link FanoutClient.Builder#maxResponseHeaderBytes}. */
    public int maxResponseHeaderBytes = FanoutClient.Builder.DEFAULT_MAX_RESPONSE_HEADER_BYTES;
    /** See {@link FanoutClient.Builder#maxRedirects}. */
    public int maxRedirects = FanoutClient.Builder.DEFAULT_MAX_REDIRECTS;
    /** See {@link FanoutClient.Builder#allowHttpsToHttpRedirects}. */
    public boolean allowHttpsToHttpRedirects;
    /** See {@link FanoutClient.Builder#userAgent}; the builder sets its default. */
    public String userAgent;
    /** See {@link FanoutClient.Builder#objectMapper}; null: the default mapper given to {@link #config}. */
    public ObjectMapper mapper;
    /** See {@link FanoutClient.Builder#trustCertificates}; null: the JDK's authorities. */
    public Path trustedPem;
    /** See {@link FanoutClient.Builder#dnsServers}. */
    public List<InetSocketAddress> dnsServers = List.of();
    /** See {@link FanoutClient.Builder#insecureSkipTlsVerification}. */
    public boolean insecure;
    /** See {@link FanoutClient.Builder#httpVersion}. */
    public HttpVersion httpVersion = HttpVersion.AUTO;
    /** See {@link FanoutClient.Builder#retry}. */
    public RetryPolicy retryPolicy = RetryPolicy.none();
    /** See {@link FanoutClient.Builder#hedgeAfter}; null: no hedging. */
    public Duration hedgeAfter;
    /** See {@link FanoutClient.Builder#hedgeAtPercentile}; 0: not at a percentile. */
    public double hedgePercentile;
    /** See {@link FanoutClient.Builder#coalesceDuplicateGets}. */
    public boolean coalesceGets;
    /** See {@link FanoutClient.Builder#eventListenerFactory}; null: none. */
    public EventListener.Factory events;
    /** See {@link FanoutClient.Builder#adaptiveConcurrency()}. */
    public boolean adaptiveEveryOrigin;
    /** See {@link FanoutClient.Builder#adaptiveConcurrency(String)}. */
    public final List<String> adaptiveOrigins = new ArrayList<>();
    /** See {@link FanoutClient.Builder#rateLimit(int, Duration)}, in the order given. */
    public final List<RateLimit> rateLimits = new ArrayList<>();
    /** See {@link FanoutClient.Builder#proxy}. */
    public Proxy proxy = Proxy.NONE;
    /** See {@link FanoutClient.Builder#proxySelector}; null: {@link #proxy} for every request. */
    public ProxySelector proxySelector;
    /** See {@link FanoutClient.Builder#proxyAuthenticator}; null: none. */
    public Authenticator proxyAuthenticator;

    /**
     * Returns {@code origin} when it is an http or https URL that names an origin, for
     * {@code option}'s message otherwise.
     *
     * @throws IllegalArgumentException if it is not
     */
    public static String origin(String option, String origin) {
        target(option, origin);
        return origin;
    }

    /**
     * Returns {@code origin} parsed, when it is an http or https URL that names an origin, for
     * {@code option}'s message otherwise.
     *
     * @throws IllegalArgumentException if it is not
     */
    public static Target target(String option, String origin) {
        try {
            return Target.parse(origin);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": not an origin: " + origin + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Returns the configuration these options describe, with the defaults that depend on others
     * filled in, and {@code defaultMapper} unless a mapper was given (made on first use only).
     */
    public ClientConfig config(Supplier<ObjectMapper> defaultMapper) {
        Supplier<SslContext> ssl = TlsContexts.chosen(insecure, trustedPem, httpVersion != HttpVersion.HTTP_1_1);
        int idlePerHost = maxIdleConnectionsPerHost >= 0 ? maxIdleConnectionsPerHost : maxConnectionsPerHost;
        return new ClientConfig(
                maxInFlight,
                maxConnectionsPerHost,
                maxQueued,
                idlePerHost,
                idleTimeout,
                connectTimeout,
                requestTimeout,
                maxResponseBytes,
                maxResponseHeaderBytes,
                maxRedirects,
                allowHttpsToHttpRedirects,
                userAgent,
                mapper != null ? Memo.ofValue(mapper) : Memo.of(defaultMapper),
                ssl,
                dnsServers,
                httpVersion,
                retryPolicy,
                hedgeAfter,
                hedgePercentile,
                List.copyOf(rateLimits),
                coalesceGets,
                adaptiveEveryOrigin,
                List.copyOf(adaptiveOrigins),
                events,
                proxy,
                proxySelector,
                proxyAuthenticator);
    }

    /** Sets the proxy of every request, or {@code selector} to choose one per request (when not null). */
    public void route(Proxy proxy, ProxySelector selector) {
        this.proxy = proxy;
        this.proxySelector = selector;
    }

    /** Returns the factory that gives every request {@code listener}; null for {@link EventListener#NONE}. */
    public static EventListener.Factory sharedListener(EventListener listener) {
        return listener == EventListener.NONE ? null : request -> listener;
    }
}
