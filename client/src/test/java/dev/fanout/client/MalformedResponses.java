package dev.fanout.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A seeded generator of malformed and truncated HTTP/1.1 responses for {@link ResponseFuzzTest}:
 * a well-formed response of one of several shapes (Content-Length, chunked with or without
 * trailers, HTTP/1.0 until the close, interim responses first, gzip, a bodiless status with a
 * body anyway), then up to three mutations (cut short, bytes flipped, inserted or deleted, a
 * line repeated, a number made huge, negative or not a number, CRLF made LF, a header without
 * its colon, NUL bytes). The same seed gives the same responses.
 */
public final class MalformedResponses {

    private static final String[] NUMBERS = {
        "-1", "99999999999999999999", "0x10", "ffffffff", "", " 5", "5 5", "1e3", "+3", "18446744073709551616"
    };

    private final Random random;

    public MalformedResponses(long seed) {
        this.random = new Random(seed);
    }

    /** Returns the next response, at most {@code maxBytes} long. */
    public byte[] next(int maxBytes) {
        byte[] response = mutate(wellFormed());
        if (response.length > maxBytes) {
            byte[] cut = new byte[maxBytes];
            System.arraycopy(response, 0, cut, 0, maxBytes);
            return cut;
        }
        return response;
    }

    private byte[] wellFormed() {
        String body = body(random.nextInt(200));
        return switch (random.nextInt(7)) {
            case 0 -> ascii("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            case 1 -> ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(body, false));
            case 2 ->
                ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n" + chunked(body, true));
            case 3 -> ascii("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n" + body);
            case 4 ->
                ascii("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            case 5 -> gzipped(body);
            default ->
                ascii("HTTP/1.1 " + (random.nextBoolean() ? "204 No Content" : "304 Not Modified")
                        + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        };
    }

    private String body(int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append((char) ('a' + i % 26));
        }
        return b.toString();
    }

    private String chunked(String body, boolean trailers) {
        StringBuilder b = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int n = Math.min(body.length() - at, 1 + random.nextInt(40));
            b.append(Integer.toHexString(n))
                    .append(random.nextInt(4) == 0 ? ";ext=1" : "")
                    .append("\r\n");
            b.append(body, at, at + n).append("\r\n");
            at += n;
        }
        b.append("0\r\n");
        if (trailers) {
            b.append("X-Sum: ").append(body.length()).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    private byte[] gzipped(String body) {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(ascii(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] head =
                ascii("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + zipped.size() + "\r\n\r\n");
        return concat(head, zipped.toByteArray());
    }

    private byte[] mutate(byte[] response) {
        byte[] r = response;
        int mutations = random.nextInt(4);
        for (int m = 0; m < mutations && r.length > 0; m++) {
            int at = random.nextInt(r.length);
            r = switch (random.nextInt(9)) {
                case 0 -> slice(r, 0, at); // cut short
                case 1 -> flip(r, at);
                case 2 -> concat(concat(slice(r, 0, at), randomBytes(1 + random.nextInt(16))), slice(r, at, r.length));
                case 3 -> concat(slice(r, 0, at), slice(r, Math.min(r.length, at + 1 + random.nextInt(16)), r.length));
                case 4 -> repeatLine(r, at);
                case 5 -> replaceNumber(r, at);
                case 6 -> ascii(latin1(r).replace("\r\n", "\n"));
                case 7 -> ascii(latin1(r).replaceFirst(": ", " "));
                default -> concat(concat(slice(r, 0, at), new byte[1 + random.nextInt(3)]), slice(r, at, r.length));
            };
        }
        return r;
    }

    private byte[] flip(byte[] r, int at) {
        byte[] copy = r.clone();
        copy[at] = (byte) random.nextInt(256);
        return copy;
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Repeats the line that holds {@code at}. */
    private byte[] repeatLine(byte[] r, int at) {
        String s = latin1(r);
        int start = s.lastIndexOf('\n', at) + 1;
        int end = s.indexOf('\n', at);
        if (end < 0) {
            return r;
        }
        String line = s.substring(start, end + 1);
        return ascii(s.substring(0, end + 1) + line + s.substring(end + 1));
    }

    /** Replaces the first run of digits at or after {@code at} with a number that is not one. */
    private byte[] replaceNumber(byte[] r, int at) {
        String s = latin1(r);
        int i = at;
        while (i < s.length() && !Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return r;
        }
        int j = i;
        while (j < s.length() && Character.isLetterOrDigit(s.charAt(j))) {
            j++;
        }
        return ascii(s.substring(0, i) + NUMBERS[random.nextInt(NUMBERS.length)] + s.substring(j));
    }

    private static byte[] slice(byte[] r, int from, int to) {
        byte[] out = new byte[Math.max(0, to - from)];
        System.arraycopy(r, from, out, 0, out.length);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
