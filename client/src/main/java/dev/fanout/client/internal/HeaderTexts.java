package dev.fanout.client.internal;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The header names and values of a client's responses, as the {@code List} a response keeps:
 * one copy of each text lately seen, and the last response's list itself when a response's
 * headers are the same as it. A batch of 100,000 answers from one server then holds one copy of
 * {@code Server: nginx} and of every other header, not 100,000: the headers were most of what a
 * small response kept (about 900 of 1,500 bytes per result from nginx), and every byte kept is
 * a byte the garbage collector copies while the batch runs.
 *
 * <p>A fixed table of {@value #SLOTS} texts, placed by hash; a text whose slot holds another
 * takes the slot. Texts longer than {@value #MAX_CACHED} characters (cookies, tokens: seldom
 * repeated) are kept as they came. Only equal texts are shared, so what a caller reads is what
 * the server sent.
 *
 * <p>Loop-confined: one per client, used by every response the client's loop decodes.
 */
final class HeaderTexts {

    static final int SLOTS = 512;
    static final int MAX_CACHED = 256;

    private final String[] slots = new String[SLOTS];
    private List<String> last = List.of();

    /** Returns the names and values of {@code headers}, alternating, in order, as an immutable list. */
    List<String> pairs(HttpHeaders headers) {
        String[] pairs = new String[headers.size() * 2]; // size() counts the entries it iterates
        boolean same = last.size() == pairs.length;
        if (headers instanceof FlatHeaders flat) { // HTTP/1.1's: read in place, no entry objects
            for (int i = 0; i < pairs.length; i += 2) {
                pairs[i] = text(flat.nameAt(i / 2));
                pairs[i + 1] = text(flat.valueAt(i / 2));
                same = same && pairs[i] == last.get(i) && pairs[i + 1] == last.get(i + 1);
            }
            return remember(pairs, same);
        }
        int i = 0;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
                it.hasNext();
                i += 2) {
            Map.Entry<CharSequence, CharSequence> header = it.next();
            pairs[i] = text(header.getKey());
            pairs[i + 1] = text(header.getValue());
            same = same && pairs[i] == last.get(i) && pairs[i + 1] == last.get(i + 1);
        }
        return remember(pairs, same);
    }

    private List<String> remember(String[] pairs, boolean same) {
        if (!same) {
            last = List.of(pairs);
        }
        return last;
    }

    /** Returns the copy of {@code text} this table holds, or {@code text} as a String, now held. */
    String text(CharSequence text) {
        int length = text.length();
        if (length > MAX_CACHED) {
            return text.toString();
        }
        int hash = 0;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + text.charAt(i);
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        String held = slots[slot];
        if (held != null && held.length() == length && held.contentEquals(text)) {
            return held;
        }
        String copy = text.toString();
        slots[slot] = copy;
        return copy;
    }
}
