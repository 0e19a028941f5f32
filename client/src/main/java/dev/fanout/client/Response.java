package dev.fanout.client;

import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.client.internal.UrlText;
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
import java.util.function.Supplier;

/**
 * An HTTP response that arrived in full: status, headers and the decoded body (gzip and
 * deflate already undone), copied out of the network buffers.
 *
 * <p>Any status is a response, 404 and 500 included: only transport failures are errors.
 * Immutable and thread-safe.
 */
public final class Response {

    /** How many bytes of the body a JSON error message shows. */
    private static final int JSON_SNIPPET = 120;

    private final int status;
    private final String protocol;
    private final List<String> headerPairs; // name, value, name, value...
    private final byte[] body;
    private final String url;
    private final Supplier<ObjectMapper> mapper; // made on first use: most batches read no JSON

    Response(
            int status,
            String protocol,
            List<String> headerPairs,
            byte[] body,
            String url,
            Supplier<ObjectMapper> mapper) {
        this.status = status;
        this.protocol = protocol;
        this.headerPairs = headerPairs;
        this.body = body;
        this.url = url;
        this.mapper = mapper;
    }

    /**
     * Returns the URL that gave this response (the request's, or the last redirect's), its
     * password, if it has one, replaced by {@code ****} (see {@link Request#redactedUrl()}).
     */
    public String url() {
        return UrlText.redact(url);
    }

    /** Returns the status code, for example 200. */
    public int status() {
        return status;
    }

    /** Returns the protocol the response came over: {@code "HTTP/1.1"} (or {@code "HTTP/1.0"} from an old server) or {@code "HTTP/2"}. */
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
     * Returns the body read as JSON into {@code type} by the client's {@code ObjectMapper} (see
     * {@link FanoutClient.Builder#objectMapper} for its defaults).
     *
     * @throws UncheckedIOException if the body is empty, is not JSON, or is JSON that does not
     *     map to {@code type}; the message says which, and shows the start of the body
     */
    public <T> T json(Class<T> type) {
        return json(mapper.get().getTypeFactory().constructType(type));
    }

    /**
     * Returns the body read as JSON into a generic type, for example
     * {@code json(new TypeReference<List<User>>() {})}.
     *
     * @throws UncheckedIOException as {@link #json(Class)} does
     */
    public <T> T json(TypeReference<T> type) {
        return json(mapper.get().getTypeFactory().constructType(type));
    }

    /**
     * Returns the body read as JSON into {@code type}, a type built with the mapper's
     * {@code TypeFactory}.
     *
     * @throws UncheckedIOException as {@link #json(Class)} does
     */
    public <T> T json(JavaType type) {
        if (isBlank(body)) {
            String message =
                    "body of a " + status + " response is empty (expected: JSON for " + type.toCanonical() + ")";
            throw new UncheckedIOException(message, new IOException(message));
        }
        try {
            return mapper.get().readValue(body, type);
        } catch (StreamReadException e) {
            throw new UncheckedIOException(
                    "body of a " + status + " response is not JSON: " + e.getOriginalMessage() + " (body starts: "
                            + start() + ")",
                    e);
        } catch (JsonMappingException e) {
            // It is JSON: say what did not map, where, and what the body looks like.
            throw new UncheckedIOException(
                    "body of a " + status + " response does not map to " + type.toCanonical()
                            + ": " + e.getOriginalMessage() + " (at " + e.getPathReference() + "; body starts: "
                            + start()
                            + ")",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("body of a " + status + " response could not be read as JSON", e);
        }
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /** Returns the start of the body as text, on one line, for an error message. */
    private String start() {
        int n = Math.min(body.length, JSON_SNIPPET);
        String text = new String(body, 0, n, charset()).replaceAll("\\s+", " ");
        return body.length > n ? text + "..." : text;
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
