package dev.fanout.client.internal;

/**
 * Where requests go: scheme, host and port, the key of connection pools and per-host limits.
 *
 * @param scheme {@code "http"} or {@code "https"}
 * @param host the host name in lower case, or an IP literal (IPv6 without brackets)
 * @param port the port, the scheme's default filled in
 */
record Origin(String scheme, String host, int port) {

    /** Returns true for https. */
    public boolean secure() {
        return "https".equals(scheme);
    }

    /** Returns the value of the {@code Host} header: the host, and the port unless it is the scheme's default. */
    public String hostHeader() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        boolean defaultPort = secure() ? port == 443 : port == 80;
        return defaultPort ? h : h + ":" + port;
    }

    @Override
    public String toString() {
        return scheme + "://" + hostHeader();
    }
}
