package dev.fanout.client.internal;

/** Checks of what a request may contain (RFC 9110 §5.6.2 tokens, §5.5 field values). */
public final class HttpSyntax {

    private HttpSyntax() {}

    /** Returns true when {@code s} is a non-empty HTTP token: a legal method or header name. */
    public static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns what is wrong with header value {@code v} (CR, LF, NUL or another control
     * character but tab, or a character beyond one byte), or null when it is fine.
     */
    public static String checkValue(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\r' || c == '\n') {
                return "contains CR or LF";
            }
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return "contains control character 0x" + Integer.toHexString(c);
            }
            if (c > 0xff) {
                return "contains a character beyond ISO-8859-1 (U+" + Integer.toHexString(c) + ")";
            }
        }
        return null;
    }

    /**
     * Checks one request header, as the user's own and a listener's added ones are checked.
     *
     * @throws IllegalArgumentException naming the header and what is wrong with it
     */
    public static void checkHeader(String name, String value) {
        if (name == null || !isToken(name)) {
            throw new IllegalArgumentException("illegal header name '" + name + "' (expected: an HTTP token)");
        }
        String problem = value == null ? "is null" : checkValue(value);
        if (problem != null) {
            throw new IllegalArgumentException("header '" + name + "': value " + problem);
        }
    }
}
