package dev.fanout.client.internal;

import io.netty.util.AsciiString;

/**
 * A header value read as a comma-separated list, as Netty's {@code HttpHeaders.containsValue}
 * reads it (each item trimmed of the characters up to space, an empty item after a last comma
 * passed over), without the substrings it makes. Stateless.
 */
final class CommaList {

    private CommaList() {}

    /** Whether an item of {@code list}, trimmed, is {@code item} (ignoring case when told). */
    static boolean has(CharSequence list, CharSequence item, boolean ignoreCase) {
        int length = list.length();
        for (int begin = 0; ; ) {
            int comma = AsciiString.indexOf(list, ',', begin);
            int end = comma < 0 ? length : comma;
            // Netty's test passes over what follows a last comma when it is empty.
            boolean counted = comma >= 0 || begin == 0 || begin < length;
            if (counted && itemIs(list, begin, end, item, ignoreCase)) {
                return true;
            }
            if (comma < 0) {
                return false;
            }
            begin = comma + 1;
        }
    }

    /** Whether {@code list}'s chars from {@code begin} to {@code end}, trimmed as Netty trims, are {@code item}. */
    private static boolean itemIs(CharSequence list, int begin, int end, CharSequence item, boolean ignoreCase) {
        while (begin < end && list.charAt(begin) <= ' ') {
            begin++;
        }
        while (end > begin && list.charAt(end - 1) <= ' ') {
            end--;
        }
        return end - begin == item.length() && AsciiString.regionMatches(list, ignoreCase, begin, item, 0, end - begin);
    }
}
