package dev.fanout.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * An HTTP response that arrived in full: status, headers and the decoded body (gzip and
 * deflate already undone), copied out of the network buffers.
 *
 * <p>Any status is a response, 404 and 500 included: only transport failures are errors.
 * Immutable and thread-safe.
 */
public final class Response {

    private final int status;
    private final String protocol;
    private final List<String> headerPairs; // name, value, name, value...
    private final byte[] body;
    private final String url;
    private final ObjectMapper mapper;

    Response(int status, String protocol, List<String> headerPairs, byte[] body, String url, ObjectMapper mapper) {
        this.status = status;
        this.protocol = protocol;
        this.headerPairs = headerPairs;
        this.body = body;
        this.url = url;
        this.mapper = mapper;
    }

    /** Returns the URL that gave this response: the request's, or the last redirect's. */
    public String url() {
        return url;
    }

    /** Returns the status code, for example 200. */
    public int status() {
        return status;
    }

    /** Returns the protocol the response came over: {@code "HTTP/1.1"} (or {@code "HTTP/1.0"} from an old server). */
    public String protocol() {
        return protocol;
    }

    /** Returns the first value of header {@code name} (case-insensitive), or null. */
    public String header(String name) {
        for (int i = 0; i < headerPairs.size(); i += 2) {
            if (headerPairs.get(i).equalsIgnoreCase(name)) {
                return headerPairs.get(i + 1);
            }
        }
        return null;
    }

    /** Returns every value of header {@code name} (case-insensitive), in order; empty when absent. */
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>(2);
        for (int i = 0; i < headerPairs.size(); i += 2) {
            if (headerPairs.get(i).equalsIgnoreCase(name)) {
                values.add(headerPairs.get(i + 1));
            }
        }
        return Collections.unmodifiableList(values);
    }

    /** Returns the names of the headers, in the order received (a name repeats when the header does). */
    public List<String> headerNames() {
        List<String> names = new ArrayList<>(headerPairs.size() / 2);
        for (int i = 0; i < headerPairs.size(); i += 2) {
            names.add(headerPairs.get(i));
        }
        return Collections.unmodifiableList(names);
    }

    /** Returns a copy of the decoded body; empty, never null, when there was none. */
    public byte[] body() {
        return body.clone();
    }

    /** Returns the body's length in bytes, after decoding. */
    public int bodyLength() {
        return body.length;
    }

    /**
     * Returns the body as text in the charset named by {@code Content-Type}, else UTF-8 (also
     * when the named charset is unknown here).
     */
    public String bodyAsString() {
        return new String(body, charset());
    }

    /**
     * Returns the body read as JSON into {@code type} by the client's {@code ObjectMapper}.
     *
     * @throws UncheckedIOException if the body is not JSON that fits {@code type}
     */
    public <T> T json(Class<T> type) {
        try {
            return mapper.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("body of a " + status + " response is not JSON for " + type.getName()
                    + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("body of a " + status + " response could not be read as JSON", e);
        }
    }

    private Charset charset() {
        String contentType = header("Content-Type");
        if (contentType != null) {
            for (String param : contentType.split(";")) {
                String p = param.trim();
                if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                    String name = p.substring("charset=".length()).trim().replace("\"", "");
                    try {
                        return Charset.forName(name);
                    } catch (IllegalCharsetNameException | UnsupportedCharsetException unknown) {
                        return StandardCharsets.UTF_8;
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    @Override
    public String toString() {
        return protocol + " " + status + " (" + body.length + " bytes)";
    }
}
