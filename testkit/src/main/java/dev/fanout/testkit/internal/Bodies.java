package dev.fanout.testkit.internal;

import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Response bodies the testkit makes up: predictable bytes of a given size, a small JSON document.
 *
 * <p>Stateless and thread-safe.
 */
public final class Bodies {

    /** The largest body the testkit makes (64 MiB): it is held in memory. */
    public static final int MAX_BYTES = 64 << 20;

    /** The most a gzip body may inflate to (4 GiB; about 4 MB compressed, 10 s to make). */
    public static final long MAX_INFLATED_BYTES = 4L << 30;

    /** Gzip bodies made so far, by inflated size: making a large one takes seconds. */
    private static final Map<Long, byte[]> GZIPPED = new ConcurrentHashMap<>();

    private Bodies() {}

    /** Returns {@code n} bytes cycling through the letters a to z, so a test can check them. */
    public static byte[] bytes(int n) {
        byte[] body = new byte[n];
        for (int i = 0; i < n; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        return body;
    }

    /** Returns the default JSON body for {@code url}: {@code {"url":"..."}}. */
    public static String json(String url) {
        return "{\"url\":" + quote(url) + "}";
    }

    /**
     * Returns the request as JSON: {@code {"method":..,"url":..,"headers":{name:[values]},
     * "body":..}}, header names as the client sent them.
     */
    public static String echo(LoggedRequest request) {
        StringBuilder json = new StringBuilder("{\"method\":")
                .append(quote(request.getMethod().getName()))
                .append(",\"url\":")
                .append(quote(request.getUrl()))
                .append(",\"headers\":{");
        String separator = "";
        for (HttpHeader header : request.getHeaders().all()) {
            json.append(separator).append(quote(header.key())).append(":[");
            String comma = "";
            for (String value : header.values()) {
                json.append(comma).append(quote(value));
                comma = ",";
            }
            json.append(']');
            separator = ",";
        }
        return json.append("},\"body\":")
                .append(quote(request.getBodyAsString()))
                .append('}')
                .toString();
    }

    /** Returns a gzip stream of zeros that inflates to {@code inflatedBytes}; made once per size. */
    public static byte[] gzippedZeros(long inflatedBytes) {
        if (inflatedBytes > MAX_INFLATED_BYTES) {
            throw new IllegalArgumentException(
                    "gzip: " + inflatedBytes + " bytes (expected: <= " + MAX_INFLATED_BYTES + ")");
        }
        return GZIPPED.computeIfAbsent(inflatedBytes, Bodies::gzip);
    }

    private static byte[] gzip(long inflatedBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new BestGzip(out)) {
            byte[] zeros = new byte[1 << 20];
            for (long left = inflatedBytes; left > 0; left -= zeros.length) {
                gzip.write(zeros, 0, (int) Math.min(left, zeros.length));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    /** Gzip at the best compression: a bomb should be small. */
    private static final class BestGzip extends GZIPOutputStream {
        BestGzip(ByteArrayOutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_COMPRESSION);
        }
    }
}
