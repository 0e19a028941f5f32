package dev.fanout.testkit.internal;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The parts of a testkit URL after the path: response headers ({@code h=Name:Value}, any
 * number) and a response body ({@code b=}, base64url).
 *
 * <p>Immutable and thread-safe.
 */
public final class Query {

    private final String path;
    private final List<Map.Entry<String, String>> headers;
    private final String body;

    private Query(String path, List<Map.Entry<String, String>> headers, String body) {
        this.path = path;
        this.headers = headers;
        this.body = body;
    }

    /** Parses the path and query of {@code url} (path and query, as the server received it). */
    public static Query of(String url) {
        int q = url.indexOf('?');
        if (q < 0) {
            return new Query(url, List.of(), null);
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        String body = null;
        for (String pair : url.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = pair.substring(0, eq);
            String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (name.equals("h")) {
                int colon = value.indexOf(':');
                if (colon > 0) {
                    headers.add(new AbstractMap.SimpleImmutableEntry<>(
                            value.substring(0, colon).trim(),
                            value.substring(colon + 1).trim()));
                }
            } else if (name.equals("b")) {
                body = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
            }
        }
        return new Query(url.substring(0, q), List.copyOf(headers), body);
    }

    /** Returns the query parameter that asks for a response header. */
    public static String header(String name, String value) {
        if (name.isEmpty() || name.indexOf(':') >= 0) {
            throw new IllegalArgumentException("header name: '" + name + "' (expected: a token)");
        }
        return "h=" + URLEncoder.encode(name + ":" + value, StandardCharsets.UTF_8);
    }

    /** Returns the query parameter that carries a response body. */
    public static String body(String body) {
        return "b=" + Base64.getUrlEncoder().withoutPadding().encodeToString(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Appends a query parameter to a URL that may already have a query. */
    public static String append(String url, String parameter) {
        return url + (url.indexOf('?') < 0 ? '?' : '&') + parameter;
    }

    /** Returns the path, without the query. */
    public String path() {
        return path;
    }

    /** Returns the response headers asked for, in order. */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /** Returns the response body asked for, or null. */
    public String body() {
        return body;
    }
}
