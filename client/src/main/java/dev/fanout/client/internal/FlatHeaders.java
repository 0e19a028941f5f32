package dev.fanout.client.internal;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.DefaultHeaders.NameValidator;
import io.netty.handler.codec.DefaultHeaders.ValueValidator;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.util.AsciiString;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Collections;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A decoded response's headers (or trailers) in one array of names and values, in the order
 * they came. Netty's {@code DefaultHttpHeaders} keeps them in a hash table of 16 with an entry
 * object per header, five objects or more for a head of three headers, made for every response
 * and dropped a moment later, when {@link HeaderTexts} has copied the texts out: they were a
 * seventh of what a warm batch allocated. Here a head is two objects, and trailers (which most
 * responses have none of) one.
 *
 * <p>A name is looked up by comparing it, without case, with each name in turn: a response has
 * a handful of headers. Names and values are checked by the same validators Netty's default
 * factories use ({@link DefaultHttpHeadersFactory}), so a bad header fails the decode with the
 * same message; a value's failure is wrapped as Netty's own header sets wrap it.
 *
 * <p>Loop-confined, like the message it belongs to.
 */
final class FlatHeaders extends HttpHeaders {

    /** Makes the header sets of response heads. */
    static final HttpHeadersFactory HEADS = factory(DefaultHttpHeadersFactory.headersFactory());

    /** Makes the trailer sets of responses: Content-Length, Transfer-Encoding and Trailer are refused there. */
    static final HttpHeadersFactory TRAILERS = factory(DefaultHttpHeadersFactory.trailersFactory());

    private static final Object[] NONE = {};

    private final NameValidator<CharSequence> names;
    private final ValueValidator<CharSequence> values;
    /** Name, value, name, value...: the name a CharSequence as given, the value as converted. */
    private Object[] pairs = NONE;

    private int size;

    private FlatHeaders(NameValidator<CharSequence> names, ValueValidator<CharSequence> values) {
        this.names = names;
        this.values = values;
    }

    private static HttpHeadersFactory factory(DefaultHttpHeadersFactory checks) {
        NameValidator<CharSequence> names = checks.getNameValidator();
        ValueValidator<CharSequence> values = checks.getValueValidator();
        return new HttpHeadersFactory() {
            @Override
            public HttpHeaders newHeaders() {
                return new FlatHeaders(names, values);
            }

            @Override
            public HttpHeaders newEmptyHeaders() {
                return new FlatHeaders(names, values);
            }
        };
    }

    /** Returns the name of header {@code i}, in the order added. */
    CharSequence nameAt(int i) {
        Objects.checkIndex(i, size);
        return (CharSequence) pairs[2 * i];
    }

    /** Returns the value of header {@code i}, in the order added. */
    CharSequence valueAt(int i) {
        Objects.checkIndex(i, size);
        return (CharSequence) pairs[2 * i + 1];
    }

    private int indexOf(CharSequence name, int from) {
        for (int i = from; i < size; i++) {
            if (AsciiString.contentEqualsIgnoreCase((CharSequence) pairs[2 * i], name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String get(String name) {
        return get((CharSequence) name);
    }

    @Override
    public String get(CharSequence name) {
        int i = indexOf(name, 0);
        return i < 0 ? null : pairs[2 * i + 1].toString();
    }

    @Override
    public Integer getInt(CharSequence name) {
        return parsed(name, Integer::valueOf);
    }

    @Override
    public int getInt(CharSequence name, int defaultValue) {
        return Objects.requireNonNullElse(getInt(name), defaultValue);
    }

    @Override
    public Short getShort(CharSequence name) {
        return parsed(name, Short::valueOf);
    }

    @Override
    public short getShort(CharSequence name, short defaultValue) {
        return Objects.requireNonNullElse(getShort(name), defaultValue);
    }

    @Override
    public Long getTimeMillis(CharSequence name) {
        String value = get(name);
        Date date = value == null ? null : DateFormatter.parseHttpDate(value);
        return date == null ? null : date.getTime();
    }

    @Override
    public long getTimeMillis(CharSequence name, long defaultValue) {
        return Objects.requireNonNullElse(getTimeMillis(name), defaultValue);
    }

    /** Returns the first value of {@code name} as {@code parse} reads it, or null: none, or not a number. */
    private <T> T parsed(CharSequence name, Function<String, T> parse) {
        String value = get(name);
        try {
            return value == null ? null : parse.apply(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public List<String> getAll(String name) {
        return getAll((CharSequence) name);
    }

    @Override
    public List<String> getAll(CharSequence name) {
        int first = indexOf(name, 0);
        if (first < 0) {
            return List.of(); // asked of every response (Content-Length, Transfer-Encoding): mostly absent
        }
        int next = indexOf(name, first + 1);
        if (next < 0) {
            return List.of(pairs[2 * first + 1].toString());
        }
        List<String> all = new ArrayList<>();
        for (int i = first; i >= 0; i = indexOf(name, i + 1)) {
            all.add(pairs[2 * i + 1].toString());
        }
        return Collections.unmodifiableList(all);
    }

    /**
     * As Netty's: whether a value of {@code name}, split at its commas, has an item that, trimmed,
     * is {@code value}. Asked of every response ({@code Connection: close}, chunked), and the
     * inherited way made a list and an iterator each time.
     */
    @Override
    public boolean containsValue(CharSequence name, CharSequence value, boolean ignoreCase) {
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
            if (CommaList.has((CharSequence) pairs[2 * i + 1], value, ignoreCase)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<Map.Entry<String, String>> entries() {
        List<Map.Entry<String, String>> all = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            all.add(new AbstractMap.SimpleImmutableEntry<>(pairs[2 * i].toString(), pairs[2 * i + 1].toString()));
        }
        return Collections.unmodifiableList(all);
    }

    @Override
    public boolean contains(String name) {
        return indexOf(name, 0) >= 0;
    }

    @Override
    public boolean contains(CharSequence name) {
        return indexOf(name, 0) >= 0;
    }

    @Deprecated
    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        return entries().iterator();
    }

    @Override
    public Iterator<Map.Entry<CharSequence, CharSequence>> iteratorCharSequence() {
        List<Map.Entry<CharSequence, CharSequence>> all = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            all.add(new AbstractMap.SimpleImmutableEntry<>(nameAt(i), valueAt(i)));
        }
        return Collections.unmodifiableList(all).iterator();
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<String> names() {
        Set<String> all = new LinkedHashSet<>();
        for (int i = 0; i < size; i++) {
            all.add(pairs[2 * i].toString());
        }
        return Collections.unmodifiableSet(all);
    }

    @Override
    public HttpHeaders add(String name, Object value) {
        return add((CharSequence) name, value);
    }

    @Override
    public HttpHeaders add(CharSequence name, Object value) {
        names.validateName(name);
        append(name, checked(name, value));
        return this;
    }

    @Override
    public HttpHeaders add(String name, Iterable<?> values) {
        return add((CharSequence) name, values);
    }

    @Override
    public HttpHeaders add(CharSequence name, Iterable<?> values) {
        names.validateName(name);
        for (Object value : values) {
            append(name, checked(name, value));
        }
        return this;
    }

    @Override
    public HttpHeaders addInt(CharSequence name, int value) {
        return add(name, Integer.toString(value));
    }

    @Override
    public HttpHeaders addShort(CharSequence name, short value) {
        return add(name, Short.toString(value));
    }

    @Override
    public HttpHeaders set(String name, Object value) {
        return set((CharSequence) name, value);
    }

    @Override
    public HttpHeaders set(CharSequence name, Object value) {
        names.validateName(name);
        CharSequence checked = checked(name, value);
        remove(name);
        append(name, checked);
        return this;
    }

    @Override
    public HttpHeaders set(String name, Iterable<?> values) {
        return set((CharSequence) name, values);
    }

    @Override
    public HttpHeaders set(CharSequence name, Iterable<?> values) {
        names.validateName(name);
        remove(name);
        for (Object value : values) {
            if (value == null) {
                break; // as Netty's own header sets do
            }
            append(name, checked(name, value));
        }
        return this;
    }

    @Override
    public HttpHeaders setInt(CharSequence name, int value) {
        return set(name, Integer.toString(value));
    }

    @Override
    public HttpHeaders setShort(CharSequence name, short value) {
        return set(name, Short.toString(value));
    }

    @Override
    public HttpHeaders remove(String name) {
        return remove((CharSequence) name);
    }

    @Override
    public HttpHeaders remove(CharSequence name) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (!AsciiString.contentEqualsIgnoreCase((CharSequence) pairs[2 * i], name)) {
                pairs[2 * kept] = pairs[2 * i];
                pairs[2 * kept + 1] = pairs[2 * i + 1];
                kept++;
            }
        }
        Arrays.fill(pairs, 2 * kept, 2 * size, null);
        size = kept;
        return this;
    }

    @Override
    public HttpHeaders clear() {
        Arrays.fill(pairs, 0, 2 * size, null);
        size = 0;
        return this;
    }

    /** Returns {@code value} as a header's text, as Netty's header sets convert it, once validated. */
    private CharSequence checked(CharSequence name, Object value) {
        Objects.requireNonNull(value, "value");
        CharSequence text;
        if (value instanceof CharSequence) {
            text = (CharSequence) value;
        } else if (value instanceof Date) {
            text = DateFormatter.format((Date) value);
        } else if (value instanceof Calendar) {
            text = DateFormatter.format(((Calendar) value).getTime());
        } else {
            text = value.toString();
        }
        try {
            values.validate(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Validation failed for header '" + name + "'", e);
        }
        return text;
    }

    private void append(CharSequence name, CharSequence value) {
        if (2 * size == pairs.length) {
            pairs = Arrays.copyOf(pairs, Math.max(12, 2 * pairs.length));
        }
        pairs[2 * size] = name;
        pairs[2 * size + 1] = value;
        size++;
    }
}
