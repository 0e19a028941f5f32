package dev.fanout.client.internal;

import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/**
 * The words of the response heads a client's connections decode: the status line's three
 * ({@code HTTP/1.1}, {@code 200}, {@code OK}) and the header names, each given as the copy last
 * made of the same bytes. Netty's decoder makes a new String or AsciiString of each, four to
 * six objects per response that all repeat from one response to the next; they were a tenth of
 * what a warm batch allocated, and every byte allocated brings the next young collection nearer.
 *
 * <p>A fixed table of {@value #SLOTS} words per kind, placed by hash; a word whose slot holds
 * another takes the slot. Words longer than {@value #MAX_CACHED} bytes are made new each time.
 * A word is shared only with a copy of exactly the same bytes (case included), so what the
 * decoder hands on is what the server sent.
 *
 * <p>Loop-confined: one per client, used by the decoders of all its HTTP/1.1 connections.
 */
final class HeadWords {

    static final int SLOTS = 256;
    static final int MAX_CACHED = 64;

    private final String[] words = new String[SLOTS];
    private final AsciiString[] names = new AsciiString[SLOTS];

    /** Returns the bytes {@code start} to {@code start + length} as a String, one byte per char. */
    String word(byte[] bytes, int start, int length) {
        if (length == 0) {
            return "";
        }
        if (length > MAX_CACHED) {
            return new String(bytes, start, length, StandardCharsets.ISO_8859_1);
        }
        int slot = slot(bytes, start, length);
        String held = words[slot];
        if (held != null && held.length() == length) {
            int i = 0;
            while (i < length && held.charAt(i) == (char) (bytes[start + i] & 0xFF)) {
                i++;
            }
            if (i == length) {
                return held;
            }
        }
        String made = new String(bytes, start, length, StandardCharsets.ISO_8859_1);
        words[slot] = made;
        return made;
    }

    /** Returns the bytes {@code start} to {@code start + length} as an AsciiString of its own. */
    AsciiString name(byte[] bytes, int start, int length) {
        if (length > MAX_CACHED) {
            return new AsciiString(bytes, start, length, true);
        }
        int slot = slot(bytes, start, length);
        AsciiString held = names[slot];
        if (held != null && held.length() == length) {
            int i = 0;
            while (i < length && held.byteAt(i) == bytes[start + i]) {
                i++;
            }
            if (i == length) {
                return held;
            }
        }
        AsciiString made = new AsciiString(bytes, start, length, true);
        names[slot] = made;
        return made;
    }

    private static int slot(byte[] bytes, int start, int length) {
        int hash = length;
        for (int i = start, end = start + length; i < end; i++) {
            hash = 31 * hash + bytes[i];
        }
        return (hash ^ (hash >>> 16)) & (SLOTS - 1);
    }
}
