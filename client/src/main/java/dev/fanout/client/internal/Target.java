package dev.fanout.client.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A URL checked and taken apart: its {@link Origin} and the request target (path and query) to
 * send. Made on the caller's thread; immutable.
 *
 * <p>What people type is accepted as browsers and curl accept it: non-ASCII characters in the
 * path, query or user information are sent percent-encoded as UTF-8 ({@code %XX} escapes
 * already there are left alone), and a non-ASCII host name is sent in its punycode form
 * ({@code bücher.example} as {@code xn--bcher-kva.example}), see {@link UrlText#toAscii}.
 * Messages never show the URL's password.
 *
 * <p>It keeps no {@link URI}: a batch's targets live as long as the batch, a kept URI held its
 * parts as strings of its own, and what a batch holds the collector copies while it runs
 * (bench/README.md). A redirect, the only use for one after the check, parses the URL again.
 * The plain URLs most batches hold are taken apart without one ({@link PlainUrl}), to the same
 * target.
 *
 * @param url the URL as given
 * @param origin scheme, host and port
 * @param pathAndQuery the origin-form request target, for example {@code /users?id=1}
 * @param userInfo the URL's raw user information ({@code alice:secret}), or null
 */
public record Target(String url, Origin origin, String pathAndQuery, String userInfo) {

    /**
     * Parses {@code url}.
     *
     * @throws IllegalArgumentException naming what is wrong: malformed, no or an unsupported scheme, no host, bad port
     */
    public static Target parse(String url) {
        return parse(url, null);
    }

    /**
     * Parses {@code url}, giving it the origin of {@code recent} (a target parsed before, or
     * null) when they have the same: a batch's requests to one server then share one.
     *
     * @throws IllegalArgumentException naming what is wrong: malformed, no or an unsupported scheme, no host, bad port
     */
    public static Target parse(String url, Target recent) {
        Target plain = PlainUrl.parse(url, recent == null ? null : recent.origin);
        return plain != null ? plain : parseWithUri(url, recent);
    }

    /** Parses {@code url} with {@link URI}, whatever its form: {@link #parse}'s way for all but the plain URLs. */
    static Target parseWithUri(String url, Target recent) {
        String ascii = UrlText.toAscii(url);
        URI uri;
        try {
            uri = new URI(ascii);
        } catch (URISyntaxException e) {
            // not e.getMessage(): it quotes the whole input, password included
            throw new IllegalArgumentException(
                    "malformed URL: " + e.getReason() + " at index " + e.getIndex() + ": " + UrlText.redact(ascii));
        }
        return of(url, uri, recent == null ? null : recent.origin);
    }

    /** Checks an already parsed URI (a redirect's Location resolved against its request). */
    public static Target of(String url, URI uri) {
        return of(url, uri, null);
    }

    private static Target of(String url, URI uri, Origin recent) {
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw new IllegalArgumentException("no scheme (expected: http or https)");
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("unsupported scheme '" + scheme + "' (expected: http or https)");
        }
        if (uri.isOpaque()) {
            throw new IllegalArgumentException("malformed URL: no '//' after the scheme");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            String authority = uri.getRawAuthority();
            throw new IllegalArgumentException(
                    authority == null
                            ? "no host"
                            : "invalid host '" + authority.substring(authority.lastIndexOf('@') + 1) + "'");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        host = host.toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        if (port == -1) {
            port = scheme.equals("https") ? 443 : 80;
        } else if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " (expected: 1..65535)");
        }
        String path = uri.getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        String query = uri.getRawQuery();
        String pathAndQuery = query == null ? path : path + "?" + query;
        Origin origin = recent != null && recent.is(scheme, host, port) ? recent : new Origin(scheme, host, port);
        return new Target(url, origin, pathAndQuery, uri.getRawUserInfo());
    }

    /**
     * Returns the {@code Authorization} value for the user and password in the URL
     * ({@code http://alice:secret@host/}), or null when it has none.
     */
    public String basicAuthorization() {
        return userInfo == null ? null : UrlText.basicAuthorization(userInfo);
    }

    /**
     * Resolves a redirect's {@code Location} against this target.
     *
     * @throws IllegalArgumentException if the location is malformed or not an http(s) URL
     */
    public Target resolve(String location) {
        URI base = URI.create(UrlText.toAscii(url)); // parsed once already: it cannot fail
        if (base.getRawPath() == null || base.getRawPath().isEmpty()) {
            base = URI.create(origin + "/");
        }
        URI next;
        try {
            next = base.resolve(new URI(location.trim()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("malformed Location '" + location + "': " + e.getMessage());
        }
        if (next.getRawFragment() != null) {
            try {
                next = new URI(next.getScheme(), next.getRawAuthority(), next.getRawPath(), next.getRawQuery(), null);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("malformed Location '" + location + "': " + e.getMessage());
            }
        }
        return of(next.toString(), next);
    }
}
