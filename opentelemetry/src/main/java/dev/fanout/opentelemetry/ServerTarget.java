package dev.fanout.opentelemetry;

import java.util.Locale;

/**
 * What a request's URL gives its span: {@code url.full} without credentials, and the
 * {@code server.address} and {@code server.port} it names (the scheme's default port when it
 * names none). Read by hand from the redacted URL, without {@link java.net.URI}: the client takes
 * URLs as people type them (non-ASCII in a path or host), which {@code URI} would refuse.
 *
 * @param url the URL for {@code url.full}, its user information replaced by
 *     {@code REDACTED:REDACTED} as the conventions ask
 * @param address the host, without the brackets of an IPv6 literal; null when the URL has none
 * @param port the port, or -1 when unknown
 */
record ServerTarget(String url, String address, int port) {

    /** Reads {@code redactedUrl} ({@link dev.fanout.client.Request#redactedUrl()}). */
    static ServerTarget of(String redactedUrl) {
        int schemeEnd = redactedUrl.indexOf("://");
        if (schemeEnd <= 0) {
            return new ServerTarget(redactedUrl, null, -1); // not a URL the client sends: INVALID_REQUEST
        }
        String scheme = redactedUrl.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        int start = schemeEnd + 3;
        int end = start;
        while (end < redactedUrl.length() && "/?#".indexOf(redactedUrl.charAt(end)) < 0) {
            end++;
        }
        String authority = redactedUrl.substring(start, end);
        String url = redactedUrl;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            // The user name can be a secret too (an API key): the conventions redact both parts.
            url = redactedUrl.substring(0, start) + "REDACTED:REDACTED@" + redactedUrl.substring(start + at + 1);
            authority = authority.substring(at + 1);
        }
        String host = authority;
        String port = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            host = close < 0 ? authority.substring(1) : authority.substring(1, close);
            if (close >= 0 && authority.startsWith(":", close + 1)) {
                port = authority.substring(close + 2);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            if (colon >= 0) {
                host = authority.substring(0, colon);
                port = authority.substring(colon + 1);
            }
        }
        return new ServerTarget(url, host.isEmpty() ? null : host, port(port, scheme));
    }

    private static int port(String text, String scheme) {
        if (text == null || text.isEmpty()) {
            return switch (scheme) {
                case "http" -> 80;
                case "https" -> 443;
                default -> -1;
            };
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1; // a malformed port: the request ends INVALID_REQUEST, its span names no port
        }
    }
}
