package dev.fanout.client.internal;

import java.util.Objects;

/**
 * Where requests go: scheme, host and port, the key of connection pools and per-host limits.
 * Immutable. A class rather than a record so that its hash and its {@code Host} header are worked
 * out once, where the URL is parsed (the caller's thread), not at each of the loop's lookups of a
 * request's origin: a record hashed its strings at every lookup, which was 6% of the loop's JFR
 * samples over 100,000 GETs to one origin (though the loop's CPU per request did not measurably
 * change with this, bench/README.md).
 */
final class Origin {

    private final String scheme;
    private final String host;
    private final int port;
    private final int hash;
    private final String hostHeader;

    /**
     * Creates the origin of {@code scheme} ({@code "http"} or {@code "https"}), {@code host} (the
     * host name in lower case, or an IP literal, IPv6 without brackets) and {@code port} (the
     * scheme's default filled in).
     */
    Origin(String scheme, String host, int port) {
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.hash = (scheme.hashCode() * 31 + host.hashCode()) * 31 + port;
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        boolean defaultPort = "https".equals(scheme) ? port == 443 : port == 80;
        this.hostHeader = defaultPort ? h : h + ":" + port;
    }

    /** Returns {@code "http"} or {@code "https"}. */
    public String scheme() {
        return scheme;
    }

    /** Returns the host name in lower case, or an IP literal (IPv6 without brackets). */
    public String host() {
        return host;
    }

    /** Returns the port, the scheme's default filled in. */
    public int port() {
        return port;
    }

    /** Returns true when this is the origin of {@code scheme}, {@code host} and {@code port}. */
    boolean is(String scheme, String host, int port) {
        return this.port == port && this.host.equals(host) && this.scheme.equals(scheme);
    }

    /** Returns true for https. */
    public boolean secure() {
        return "https".equals(scheme);
    }

    /** Returns the value of the {@code Host} header: the host, and the port unless it is the scheme's default. */
    public String hostHeader() {
        return hostHeader;
    }

    @Override
    public boolean equals(Object o) {
        return this == o
                || o instanceof Origin other
                        && hash == other.hash
                        && port == other.port
                        && host.equals(other.host)
                        && scheme.equals(other.scheme);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return scheme + "://" + hostHeader;
    }
}
