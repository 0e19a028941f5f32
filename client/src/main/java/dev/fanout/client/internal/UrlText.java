package dev.fanout.client.internal;

import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * URLs as text, before and around {@link java.net.URI}: the password hidden for printing, the
 * non-ASCII characters people type made fit for the wire, and the credentials of a URL turned
 * into a Basic {@code Authorization} value. Stateless; every method is cheap when there is
 * nothing to do (no {@code @}, no non-ASCII character): it returns its argument.
 */
public final class UrlText {

    /** What a password is replaced by in printed URLs. */
    public static final String MASK = "****";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UrlText() {}

    /**
     * Returns {@code url} with the password of its user information replaced by {@value #MASK}
     * ({@code http://alice:secret@host/} gives {@code http://alice:****@host/}), or
     * {@code url} itself when it has none. Null gives null.
     */
    public static String redact(String url) {
        if (url == null || url.indexOf('@') < 0) {
            return url;
        }
        int start = authorityStart(url);
        if (start < 0) {
            return url;
        }
        int end = authorityEnd(url, start);
        int at = url.lastIndexOf('@', end - 1);
        if (at < start) {
            return url;
        }
        int colon = url.indexOf(':', start);
        if (colon < 0 || colon > at) {
            return url; // a user name alone: no password to hide
        }
        return url.substring(0, colon + 1) + MASK + url.substring(at);
    }

    /**
     * Returns {@code url} with what a URI cannot carry made ASCII, as browsers and curl do: a
     * non-ASCII host name in its punycode form ({@link IDN#toASCII}, IDNA 2003), every other
     * non-ASCII character percent-encoded as UTF-8. ASCII is left as it is, {@code %XX}
     * escapes included.
     *
     * @throws IllegalArgumentException if the host name cannot be made ASCII
     */
    public static String toAscii(String url) {
        if (isAscii(url)) {
            return url;
        }
        StringBuilder out = new StringBuilder(url.length() + 32);
        int start = authorityStart(url);
        if (start < 0) {
            appendEncoded(out, url);
            return out.toString();
        }
        int end = authorityEnd(url, start);
        out.append(url, 0, start);
        int at = url.lastIndexOf('@', end - 1);
        int hostStart = at >= start ? at + 1 : start;
        appendEncoded(out, url.substring(start, hostStart));
        String hostPort = url.substring(hostStart, end);
        int colon = hostPort.lastIndexOf(':');
        boolean hasPort = colon >= 0 && !hostPort.startsWith("[");
        String host = hasPort ? hostPort.substring(0, colon) : hostPort;
        if (!isAscii(host)) {
            try {
                host = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid international host name '" + host + "': " + e.getMessage());
            }
        }
        out.append(host);
        if (hasPort) {
            out.append(hostPort, colon, hostPort.length());
        }
        appendEncoded(out, url.substring(end));
        return out.toString();
    }

    /**
     * Returns the {@code Authorization} value for a URL's raw (percent-encoded) user
     * information, {@code user:password}: {@code Basic} and the Base64 of the decoded user and
     * password in UTF-8 (RFC 7617), as curl sends them. A user without a password has an empty one.
     */
    public static String basicAuthorization(String rawUserInfo) {
        int colon = rawUserInfo.indexOf(':');
        String user = percentDecode(colon < 0 ? rawUserInfo : rawUserInfo.substring(0, colon));
        String password = colon < 0 ? "" : percentDecode(rawUserInfo.substring(colon + 1));
        byte[] pair = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair);
    }

    /** Returns where the authority begins (after {@code scheme://}), or -1 when there is none. */
    private static int authorityStart(String url) {
        int sep = url.indexOf("://");
        if (sep < 0) {
            return -1;
        }
        for (int i = 0; i < sep; i++) {
            char c = url.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return -1; // "://" in a path or query, not after a scheme
            }
        }
        return sep + 3;
    }

    private static int authorityEnd(String url, int start) {
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        return end;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Appends {@code s}, each run of non-ASCII characters as the %XX of its UTF-8 bytes. */
    private static void appendEncoded(StringBuilder out, String s) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out.append(c);
                i++;
                continue;
            }
            int j = i;
            while (j < s.length() && s.charAt(j) >= 0x80) {
                j++;
            }
            for (byte b : s.substring(i, j).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
            i = j;
        }
    }

    /** Decodes {@code %XX} escapes as UTF-8; a {@code %} not followed by two hex digits stays as it is. */
    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int hi = c == '%' && i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
            if (hi >= 0 && lo >= 0) {
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                bytes.write(c); // the raw user information is ASCII: toAscii encoded the rest
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
