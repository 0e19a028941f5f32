package dev.fanout.cli;

import dev.fanout.client.FanoutClient;
import dev.fanout.client.Proxy;
import java.io.PrintWriter;
import java.net.ProxySelector;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * How the client is built: timeouts, limits, TLS trust, HTTP version, proxy. Unset options keep the
 * client's defaults.
 */
final class ClientOptions {

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Per request, from getting a slot to the last body byte, with its unit: 500ms, 2s, 1m "
                    + "(default: the client's).")
    Duration timeout;

    @Option(
            names = "--connect-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "For each new connection, with its unit: 500ms, 2s, 1m (default: the client's).")
    Duration connectTimeout;

    @Option(
            names = "--max-in-flight",
            paramLabel = "N",
            description = "Requests on the wire at once, all hosts together (default: the client's).")
    Integer maxInFlight;

    @Option(
            names = "--per-host",
            paramLabel = "N",
            description = "Connections per scheme, host and port (default: the client's).")
    Integer perHost;

    @Option(
            names = "--cacert",
            paramLabel = "PEM",
            description = "Trust the certificates in this PEM file instead of the JDK's.")
    Path cacert;

    @Option(
            names = {"-k", "--insecure"},
            description = "INSECURE: accept any TLS certificate and host name. For test servers only.")
    boolean insecure;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    HttpVersionOptions httpVersion;

    @Option(
            names = "--retry",
            paramLabel = "N",
            description = "Up to N attempts in all for each idempotent request (GET, HEAD, PUT, DELETE...) that fails "
                    + "in a way another try may mend: no connection, a connection closed before any response, "
                    + "429, 502, 503, 504. Waits between tries: exponential backoff with full jitter, the first "
                    + "up to --retry-base, doubling, none longer than 20 times it (100 ms and 2 s by default); a "
                    + "Retry-After of up to 30 s is honoured. --timeout bounds all of a request's attempts "
                    + "(default: 1, no retries).")
    Integer retry;

    @Option(
            names = "--retry-base",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "With --retry: the first retry's longest wait, with its unit (default: 100ms); the "
                    + "longest wait is 20 times it.")
    Duration retryBase;

    @Option(
            names = "--hedge-after",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Send a second copy of an idempotent request that has no answer after DURATION, with its "
                    + "unit: 300ms; the first answer wins and the other copy is cancelled. At most 5%% more "
                    + "requests than started, plus one a second, are hedged (default: no hedging).")
    Duration hedgeAfter;

    @Option(
            names = "--hedge-percentile",
            paramLabel = "P",
            description = "Send a second copy of an idempotent request once it has waited longer than the batch's "
                    + "P-th percentile latency so far, counting unanswered requests as the slowest: 95 hedges the "
                    + "slowest 5%% once the fastest 95%% (and at least 20) have answered. With --hedge-after too, "
                    + "whichever comes first (default: no hedging).")
    Double hedgePercentile;

    @Option(
            names = "--adaptive",
            description = "Let each origin's limit of requests at once follow what it does: halved on 429 or 503, "
                    + "lowered when answers come back over twice its lowest latency, raised while they are fast "
                    + "(default: the fixed --per-host limit).")
    boolean adaptive;

    @Option(
            names = "--coalesce",
            description = "Send identical GETs (same URL and headers) once, and give the answer to each line "
                    + "that asked (default: every URL is sent as given, repeats too).")
    boolean coalesce;

    @Option(
            names = "--rate",
            paramLabel = "N/DURATION",
            converter = Rate.Converter.class,
            description = "Pace the starts to each origin (scheme, host, port) on its own: at most N per DURATION, one "
                    + "every DURATION/N, no burst: 100/1s, 5/100ms. The wait for a turn counts as queued time, "
                    + "not against --timeout (default: no limit).")
    Rate rate;

    @Option(
            names = "--proxy",
            paramLabel = "URL",
            description = "Go through this proxy: http://[user:password@]host:port (CONNECT tunnels for https, "
                    + "absolute-form requests for http) or socks5://[user:password@]host:port; or 'system' for the "
                    + "JVM's choice per URL (-Dhttps.proxyHost, -Dhttp.proxyHost, -DsocksProxyHost, "
                    + "-Dhttp.nonProxyHosts) (default: straight to each host).")
    String proxy;

    @Option(
            names = "--proxy-user",
            paramLabel = "USER:PASSWORD",
            description = "Credentials for a proxy that has none in its URL, such as the ones --proxy system "
                    + "picks (as curl's --proxy-user); sent to the proxy only, never shown.")
    String proxyUser;

    /**
     * Returns the retries, hedging and rate limit these options ask for.
     *
     * @throws ParameterException when a value is out of range (exit code 2)
     */
    Resilience resilience(CommandSpec spec) {
        if (retry != null && (retry < 1 || retry > MAX_ATTEMPTS)) {
            throw new ParameterException(
                    spec.commandLine(), "--retry: " + retry + " (expected: 1 to " + MAX_ATTEMPTS + " attempts in all)");
        }
        if (retryBase != null && retry == null) {
            throw new ParameterException(spec.commandLine(), "--retry-base: only with --retry N");
        }
        if (hedgePercentile != null && !(hedgePercentile > 0 && hedgePercentile < 100)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--hedge-percentile: " + hedgePercentile + " (expected: a percentile between 0 and 100, as 95)");
        }
        double percentile = hedgePercentile == null ? 0 : hedgePercentile / 100;
        return new Resilience(
                retry == null ? 1 : retry,
                retryBase == null ? Resilience.DEFAULT_RETRY_BASE : retryBase,
                hedgeAfter,
                rate,
                hedgeAfter != null || percentile > 0,
                percentile);
    }

    /** More attempts than this is a typo or a way to hammer a host; the budget would refuse most anyway. */
    static final int MAX_ATTEMPTS = 100;

    /**
     * Builds the client these options describe; says so on {@code err} when it is insecure.
     *
     * @throws ParameterException when the builder refuses a value (exit code 2)
     */
    FanoutClient build(CommandSpec spec, PrintWriter err) {
        FanoutClient.Builder builder = FanoutClient.builder();
        try {
            if (timeout != null) {
                builder.requestTimeout(timeout);
            }
            if (connectTimeout != null) {
                builder.connectTimeout(connectTimeout);
            }
            if (maxInFlight != null) {
                builder.maxInFlight(maxInFlight);
            }
            if (perHost != null) {
                builder.maxConnectionsPerHost(perHost);
            }
            builder.httpVersion(HttpVersionOptions.of(httpVersion));
            resilience(spec).applyTo(builder);
            if (adaptive) {
                builder.adaptiveConcurrency();
            }
            if (coalesce) {
                builder.coalesceDuplicateGets();
            }
            if (cacert != null) {
                builder.trustCertificates(cacert);
            }
            if (proxy != null) {
                applyProxy(spec, builder);
            }
            if (proxyUser != null) {
                builder.proxyAuthenticator(ProxyUser.parse(spec, proxyUser));
            }
            if (insecure) {
                err.println("fanout: warning: --insecure: TLS certificates and host names are NOT verified; "
                        + "anyone on the network path can read and change these requests.");
                err.flush();
                builder.insecureSkipTlsVerification();
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** Sets {@code --proxy} on {@code builder}; a bad value is a usage error that never repeats a password. */
    private void applyProxy(CommandSpec spec, FanoutClient.Builder builder) {
        if (proxy.equals("system")) {
            builder.proxySelector(ProxySelector.getDefault());
            return;
        }
        try {
            builder.proxy(Proxy.parse(proxy));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--proxy: " + e.getMessage() + " (or: system)", e);
        }
    }
}
