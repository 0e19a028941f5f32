package dev.fanout.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * A proxy that requests go through, given to {@link FanoutClient.Builder#proxy(Proxy)}: an HTTP
 * proxy, a SOCKS5 proxy, or {@link #NONE} (direct), each optionally with a user name and
 * password. Immutable and thread-safe.
 *
 * <pre>
 *   FanoutClient.builder().proxy(Proxy.http("proxy.corp", 3128).withCredentials("alice", "s3cret"))
 *   FanoutClient.builder().proxy(Proxy.parse("socks5://127.0.0.1:1080"))
 * </pre>
 *
 * <p>Through an HTTP proxy, an https request goes through a {@code CONNECT} tunnel (TLS is then
 * shaken with the target, whose certificate and name are verified as without a proxy, and h2
 * is offered by ALPN as usual); a plain http request is sent to the proxy in absolute form
 * ({@code GET http://host/path HTTP/1.1}), as browsers and OkHttp do, over HTTP/1.1 (many
 * proxies refuse {@code CONNECT} to port 80), except under {@link HttpVersion#HTTP_2}, whose h2c
 * with prior knowledge needs the tunnel. Credentials go in a {@code Proxy-Authorization: Basic}
 * header, to the proxy only. Through a SOCKS5 proxy every request is tunnelled, with the
 * user name and password method (RFC 1929) when credentials are given. Either way the proxy
 * resolves the target's name; only the proxy's own name is resolved by the client.
 *
 * <p>Connections through a proxy are pooled apart: they serve the same origin through the same
 * proxy (with the same credentials) only. {@link #toString()} never shows the password.
 *
 * <p><b>Two classes named {@code Proxy}.</b> This one is not {@link java.net.Proxy}, which a
 * {@link java.net.ProxySelector} returns and {@link FanoutClient.Builder#proxySelector} takes.
 * Code that uses both imports one and qualifies the other:
 *
 * <pre>
 *   import dev.fanout.client.Proxy;
 *   ...
 *   builder.proxy(Proxy.http("proxy.corp", 3128));                          // this class
 *   List&lt;java.net.Proxy&gt; chosen = ProxySelector.getDefault().select(uri); // the JDK's
 * </pre>
 */
public final class Proxy {

    /** What kind of proxy it is. */
    public enum Type {
        /** No proxy: connect to the target itself. */
        DIRECT,
        /** An HTTP proxy: {@code CONNECT} tunnels for https, absolute-form requests for http. */
        HTTP,
        /** A SOCKS5 proxy (RFC 1928): a tunnel for every request. */
        SOCKS5
    }

    /** No proxy: requests go straight to their target. */
    public static final Proxy NONE = new Proxy(Type.DIRECT, "", 0, null, null);

    private final Type type;
    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final int hash; // a pool key: asked on every lookup

    private Proxy(Type type, String host, int port, String username, String password) {
        this.type = type;
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
        this.hash = Objects.hash(type, host, port, username, password);
    }

    /**
     * Returns an HTTP proxy at {@code host} (a name or an IP literal) and {@code port}.
     *
     * @throws IllegalArgumentException if the host is empty or the port not in 1..65535
     */
    public static Proxy http(String host, int port) {
        return new Proxy(Type.HTTP, checkHost(host), checkPort(port), null, null);
    }

    /**
     * Returns a SOCKS5 proxy at {@code host} (a name or an IP literal) and {@code port}.
     *
     * @throws IllegalArgumentException if the host is empty or the port not in 1..65535
     */
    public static Proxy socks5(String host, int port) {
        return new Proxy(Type.SOCKS5, checkHost(host), checkPort(port), null, null);
    }

    /**
     * Returns the proxy a URL names: {@code http://[user:password@]host:port} or
     * {@code socks5://[user:password@]host:port} (user and password percent-encoded where they
     * hold {@code :} or {@code @}); the port may be left out for http (80). The message of a bad
     * URL never shows its password.
     *
     * @throws IllegalArgumentException if it is not such a URL
     */
    public static Proxy parse(String url) {
        Objects.requireNonNull(url, "url");
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("malformed proxy URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (!scheme.equals("http") && !scheme.equals("socks5") || host == null) {
            throw new IllegalArgumentException(
                    "not a proxy URL (expected: http://[user:password@]host:port or socks5://[user:password@]host:port)");
        }
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/") || uri.getRawQuery() != null) {
            throw new IllegalArgumentException("a proxy URL has no path or query (expected: scheme://host:port)");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort();
        if (port == -1 && scheme.equals("socks5")) {
            throw new IllegalArgumentException("no port in the SOCKS5 proxy URL (expected: socks5://host:port)");
        }
        Proxy proxy = scheme.equals("http") ? http(host, port == -1 ? 80 : port) : socks5(host, port);
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null) {
            return proxy;
        }
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
        String pass = colon < 0 ? "" : userInfo.substring(colon + 1);
        return proxy.withCredentials(percentDecoded(user), percentDecoded(pass));
    }

    private static String percentDecoded(String s) {
        // URLDecoder decodes a form, where '+' is a space; in a URL's user information it is a '+'
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * Returns this proxy with a user name and password: HTTP basic authentication to an HTTP
     * proxy, the user name and password method to a SOCKS5 proxy.
     *
     * @throws IllegalStateException on {@link #NONE}
     */
    public Proxy withCredentials(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (type == Type.DIRECT) {
            throw new IllegalStateException("Proxy.NONE takes no credentials");
        }
        return new Proxy(type, host, port, username, password);
    }

    /** Returns what kind of proxy it is. */
    public Type type() {
        return type;
    }

    /** Returns the proxy's host name or IP literal (IPv6 without brackets); empty for {@link #NONE}. */
    public String host() {
        return host;
    }

    /** Returns the proxy's port; 0 for {@link #NONE}. */
    public int port() {
        return port;
    }

    /** Returns the user name given, or null. */
    public String username() {
        return username;
    }

    /** Returns the password given, or null. */
    public String password() {
        return password;
    }

    /** Returns {@code host:port} (IPv6 in brackets), the proxy as every error message names it. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Proxy p
                && type == p.type
                && port == p.port
                && host.equals(p.host)
                && Objects.equals(username, p.username)
                && Objects.equals(password, p.password);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Returns the proxy as a URL, with {@code ****} for the password: {@code http://alice:****@proxy:3128}. */
    @Override
    public String toString() {
        if (type == Type.DIRECT) {
            return "DIRECT";
        }
        String user = username == null ? "" : username + ":****@";
        return type.name().toLowerCase(Locale.ROOT) + "://" + user + address();
    }

    private static String checkHost(String host) {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("proxy host: empty (expected: a host name or IP address)");
        }
        return host.toLowerCase(Locale.ROOT);
    }

    private static int checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("proxy port: " + port + " (expected: 1..65535)");
        }
        return port;
    }
}
