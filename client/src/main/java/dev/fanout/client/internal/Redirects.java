package dev.fanout.client.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How a request follows a redirect (RFC 9110 §15.4): which responses are followed, and what
 * the next request is.
 *
 * <ul>
 *   <li>301, 302 and 303 are followed with a GET (a HEAD stays a HEAD) and no body; 307 and 308
 *       keep the method and the body.</li>
 *   <li>A hop to another origin drops {@code Authorization}, {@code Cookie} and
 *       {@code Proxy-Authorization}: credentials meant for one server are not handed to another.</li>
 *   <li>A hop from https to http is not followed unless the client allows it: the redirect
 *       response itself is the result, as it is for a missing or malformed {@code Location}.</li>
 *   <li>More hops than the client's {@code maxRedirects} end as {@code TOO_MANY_REDIRECTS}
 *       (counted by the exchange); {@code maxRedirects(0)} follows none.</li>
 * </ul>
 */
final class Redirects {

    private static final Set<String> CREDENTIALS = Set.of("authorization", "cookie", "proxy-authorization");
    private static final Set<String> BODY_HEADERS =
            Set.of("content-type", "content-length", "content-encoding", "transfer-encoding");

    private Redirects() {}

    /** Returns true for the statuses that redirect. */
    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * Returns the request that follows a {@code status} response with {@code location} to
     * {@code spec}, or null when the response is not to be followed and is the result itself.
     */
    static ExchangeSpec next(ExchangeSpec spec, int status, String location, ClientConfig config) {
        if (!isRedirect(status) || location == null || location.isBlank() || config.maxRedirects() == 0) {
            return null;
        }
        Target next;
        try {
            next = spec.target().resolve(location);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
        Origin from = spec.target().origin();
        if (from.secure() && !next.origin().secure() && !config.allowHttpsToHttpRedirects()) {
            return null;
        }
        boolean toGet =
                status <= 303 && !spec.method().equals("HEAD") && !spec.method().equals("GET");
        boolean crossOrigin = !from.equals(next.origin());
        List<String> headers = new ArrayList<>(spec.headerPairs().size());
        for (int i = 0; i < spec.headerPairs().size(); i += 2) {
            String name = spec.headerPairs().get(i).toLowerCase(Locale.ROOT);
            boolean drop = crossOrigin && CREDENTIALS.contains(name) || toGet && BODY_HEADERS.contains(name);
            if (!drop) {
                headers.add(spec.headerPairs().get(i));
                headers.add(spec.headerPairs().get(i + 1));
            }
        }
        return new ExchangeSpec(
                next,
                toGet ? "GET" : spec.method(),
                List.copyOf(headers),
                toGet ? null : spec.body(),
                spec.timeoutNanos(),
                spec.retryable());
    }
}
