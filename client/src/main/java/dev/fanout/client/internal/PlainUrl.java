package dev.fanout.client.internal;

/**
 * Takes apart the URLs most batches hold, {@code http(s)://host[:port][/path][?query]} in plain
 * ASCII, without {@link java.net.URI}: the URI made for each URL, its parser and the strings it
 * cut from the URL were about 14% of what a warm batch allocated (bench/README.md). It answers
 * only where {@code java.net.URI} and {@link Target}'s checks would accept the URL and give the
 * same target; for anything else (upper case in the scheme or host, user information, an IPv6
 * literal, a fragment, a character outside RFC 2396's path and query sets, an odd host or
 * port) it returns null and {@link Target#parse} takes the URI's way, with its messages.
 * {@code PlainUrlTest} holds the two ways to the same answers.
 */
final class PlainUrl {

    /** The ASCII characters a path may hold besides a {@code %XX} escape (RFC 2396's pchar, ";" and "/"). */
    private static final boolean[] PATH = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            PATH[c] = true;
            PATH[Character.toUpperCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            PATH[c] = true;
        }
        for (char c : "-_.!~*'():@&=+$,;/".toCharArray()) {
            PATH[c] = true;
        }
    }

    private PlainUrl() {}

    /**
     * Returns the target of {@code url}, sharing {@code recent}'s origin (may be null) when it
     * has the same, or null when the URL is not of the plain form.
     */
    static Target parse(String url, Origin recent) {
        boolean https;
        int i;
        if (url.startsWith("http://")) {
            https = false;
            i = 7;
        } else if (url.startsWith("https://")) {
            https = true;
            i = 8;
        } else {
            return null;
        }
        int n = url.length();
        int hostStart = i;
        while (i < n && isHostChar(url.charAt(i))) {
            i++;
        }
        int hostEnd = i;
        if (!isHostName(url, hostStart, hostEnd) && !isIpv4(url, hostStart, hostEnd)) {
            return null;
        }
        int port = https ? 443 : 80;
        if (i < n && url.charAt(i) == ':') {
            int digitsStart = ++i;
            int value = 0;
            while (i < n && isDigit(url.charAt(i)) && i - digitsStart < 5) {
                value = value * 10 + (url.charAt(i++) - '0');
            }
            if (i == digitsStart || value < 1 || value > 65535) {
                return null;
            }
            port = value;
        }
        int pathStart = i;
        if (i < n && url.charAt(i) != '/' && url.charAt(i) != '?') {
            return null; // a sixth port digit, user information, a fragment, ...
        }
        while (i < n) {
            char c = url.charAt(i);
            if (c == '%') {
                if (i + 2 >= n || !isHex(url.charAt(i + 1)) || !isHex(url.charAt(i + 2))) {
                    return null;
                }
                i += 3;
            } else if (c < 128 && PATH[c] || c == '?') { // the first '?' starts the query, which may hold more
                i++;
            } else {
                return null;
            }
        }
        String pathAndQuery = pathStart == n
                ? "/"
                : url.charAt(pathStart) == '?' ? "/" + url.substring(pathStart) : url.substring(pathStart);
        String scheme = https ? "https" : "http";
        int hostLength = hostEnd - hostStart;
        Origin origin = recent != null
                        && recent.port() == port
                        && recent.scheme().equals(scheme)
                        && recent.host().length() == hostLength
                        && url.regionMatches(hostStart, recent.host(), 0, hostLength)
                ? recent
                : new Origin(scheme, url.substring(hostStart, hostEnd), port);
        return new Target(url, origin, pathAndQuery, null);
    }

    private static boolean isHostChar(char c) {
        return c >= 'a' && c <= 'z' || isDigit(c) || c == '-' || c == '.';
    }

    /**
     * Returns true for labels of lower-case letters, digits and inner hyphens, joined by single
     * dots, the last one starting with a letter: a host name java.net.URI takes as one.
     */
    private static boolean isHostName(String s, int start, int end) {
        int labelStart = start;
        for (int i = start; i <= end; i++) {
            if (i == end || s.charAt(i) == '.') {
                if (i == labelStart || s.charAt(labelStart) == '-' || s.charAt(i - 1) == '-') {
                    return false; // an empty label, or one that starts or ends with a hyphen
                }
                if (i == end) {
                    char first = s.charAt(labelStart);
                    return first >= 'a' && first <= 'z';
                }
                labelStart = i + 1;
            }
        }
        return false;
    }

    /** Returns true for four decimal numbers up to 255, without leading zeros, joined by dots. */
    private static boolean isIpv4(String s, int start, int end) {
        int groups = 0;
        int i = start;
        while (groups < 4) {
            int groupStart = i;
            int value = 0;
            while (i < end && isDigit(s.charAt(i)) && i - groupStart < 3) {
                value = value * 10 + (s.charAt(i++) - '0');
            }
            int digits = i - groupStart;
            if (digits == 0 || value > 255 || digits > 1 && s.charAt(groupStart) == '0') {
                return false;
            }
            groups++;
            if (groups < 4) {
                if (i >= end || s.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
        }
        return i == end;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
