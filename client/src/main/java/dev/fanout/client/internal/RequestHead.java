package dev.fanout.client.internal;

import dev.fanout.client.Proxy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One attempt's request as it goes on the wire: the method, the request target, the headers in
 * the order they are written, and the body. Over HTTP/1.1 it writes itself into one buffer
 * ({@link #encode}), the bytes Netty's {@code HttpRequestEncoder} wrote for the same request,
 * without the request object, the headers' hash table and the encoder's pass over them: the
 * loop thread allocated about 7% less per request in warm batches of 10,000 (bench/README.md,
 * "Where the loop thread's time goes"). Over HTTP/2 it becomes Netty's request ({@link #toFullHttpRequest}), which the stream's
 * codec turns into frames.
 *
 * <p>Header names compare ignoring case; {@link #set} replaces every header of the name and puts
 * the new one last, as Netty's headers do. Names and values were checked on the caller's thread
 * ({@link HttpSyntax}): names are tokens, values hold no character beyond ISO-8859-1, written
 * one byte each.
 *
 * <p>Loop-confined. ByteBuf ownership: {@link #encode} returns a buffer the caller owns and hands
 * to Netty's write, which releases it (also when the write fails).
 */
final class RequestHead {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] COLON_SPACE = {':', ' '};
    private static final byte[] VERSION_CRLF = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final DefaultHttpHeadersFactory HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    private final String method;
    private final String target;
    private final byte[] body;
    private final List<String> headers = new ArrayList<>(16); // name, value, name, value, ...

    private RequestHead(String method, String target, byte[] body) {
        this.method = method;
        this.target = target;
        this.body = body;
    }

    /**
     * Returns the HTTP/1.1 request for {@code spec}: its headers, after {@code Host},
     * {@code User-Agent} and {@code Accept-Encoding: gzip, deflate} unless it sets them, and a
     * {@code Content-Length} when it has a body (or is a POST, PUT or PATCH without one). When
     * {@code forwardTo} is an HTTP proxy (not null), the request is written for it: in absolute
     * form ({@code GET http://host:port/path}), with {@code Proxy-Authorization} when it has
     * credentials (unless the request sets its own).
     */
    static RequestHead of(ExchangeSpec spec, String userAgent, Proxy forwardTo) {
        Target target = spec.target();
        byte[] bytes = spec.body();
        RequestHead head = new RequestHead(
                spec.method(),
                forwardTo == null ? target.pathAndQuery() : target.origin() + target.pathAndQuery(),
                bytes);
        // Lower case, as Netty's header names (HttpHeaderNames) were written.
        head.add("host", target.origin().hostHeader());
        head.add("user-agent", userAgent);
        head.add("accept-encoding", "gzip, deflate");
        List<String> pairs = spec.headerPairs();
        for (int i = 0; i < pairs.size(); i += 2) {
            head.remove(pairs.get(i)); // a user's header replaces a default of the same name
        }
        for (int i = 0; i < pairs.size(); i += 2) {
            head.add(pairs.get(i), pairs.get(i + 1));
        }
        if (forwardTo != null && forwardTo.username() != null && head.get("proxy-authorization") == null) {
            byte[] pair = (forwardTo.username() + ":" + forwardTo.password()).getBytes(StandardCharsets.UTF_8);
            head.add("proxy-authorization", "Basic " + Base64.getEncoder().encodeToString(pair));
        }
        String m = spec.method();
        if (bytes != null || m.equals("POST") || m.equals("PUT") || m.equals("PATCH")) {
            head.set("content-length", String.valueOf(bytes == null ? 0 : bytes.length));
            head.remove("transfer-encoding");
        }
        return head;
    }

    /** Returns the method, as the request gave it. */
    String method() {
        return method;
    }

    /** Adds a header after the others. */
    void add(String name, String value) {
        headers.add(name);
        headers.add(value);
    }

    /** Removes every header named {@code name}, then adds it with {@code value}, last. */
    void set(String name, String value) {
        remove(name);
        add(name, value);
    }

    /** Removes every header named {@code name}. */
    void remove(String name) {
        for (int i = headers.size() - 2; i >= 0; i -= 2) {
            if (headers.get(i).equalsIgnoreCase(name)) {
                headers.remove(i + 1);
                headers.remove(i);
            }
        }
    }

    /** Returns the first value of header {@code name}, or null. */
    String get(String name) {
        for (int i = 0; i < headers.size(); i += 2) {
            if (headers.get(i).equalsIgnoreCase(name)) {
                return headers.get(i + 1);
            }
        }
        return null;
    }

    /**
     * Returns the request in HTTP/1.1's bytes, in one buffer from {@code alloc}: the request line,
     * the headers, the blank line, then the body; chunked (one chunk and the last) when a
     * {@code Transfer-Encoding} the request set says so, as Netty's encoder framed it.
     */
    ByteBuf encode(ByteBufAllocator alloc) {
        boolean chunked = chunked();
        int bodyLength = body == null ? 0 : body.length;
        // The target (never empty: Target gives "/" for no path) in UTF-8, as Netty's encoder wrote it.
        int size = method.length() + 1 + ByteBufUtil.utf8Bytes(target) + VERSION_CRLF.length + CRLF.length + bodyLength;
        for (int i = 0; i < headers.size(); i += 2) {
            size += headers.get(i).length()
                    + COLON_SPACE.length
                    + headers.get(i + 1).length()
                    + CRLF.length;
        }
        if (chunked) {
            size += LAST_CHUNK.length
                    + (bodyLength == 0 ? 0 : Integer.toHexString(bodyLength).length() + 2 * CRLF.length);
        }
        ByteBuf buf = alloc.ioBuffer(size);
        ByteBufUtil.writeAscii(buf, method);
        buf.writeByte(' ');
        ByteBufUtil.writeUtf8(buf, target);
        buf.writeBytes(VERSION_CRLF);
        for (int i = 0; i < headers.size(); i += 2) {
            ByteBufUtil.writeAscii(buf, headers.get(i)); // ISO-8859-1: one byte a character
            buf.writeBytes(COLON_SPACE);
            ByteBufUtil.writeAscii(buf, headers.get(i + 1));
            buf.writeBytes(CRLF);
        }
        buf.writeBytes(CRLF);
        if (chunked) {
            if (bodyLength > 0) {
                ByteBufUtil.writeAscii(buf, Integer.toHexString(bodyLength));
                buf.writeBytes(CRLF);
                buf.writeBytes(body);
                buf.writeBytes(CRLF);
            }
            buf.writeBytes(LAST_CHUNK);
        } else if (bodyLength > 0) {
            buf.writeBytes(body);
        }
        return buf;
    }

    /** Returns true when a {@code Transfer-Encoding} header lists {@code chunked}. */
    private boolean chunked() {
        for (int i = 0; i < headers.size(); i += 2) {
            if (headers.get(i).equalsIgnoreCase("transfer-encoding")) {
                for (String coding : headers.get(i + 1).split(",")) {
                    if (coding.trim().equalsIgnoreCase("chunked")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Returns Netty's request with the same method, target, headers and body, for HTTP/2's
     * stream codec. The body is wrapped, not copied; the request owns it and whoever writes the
     * request hands it to Netty, which releases it.
     */
    FullHttpRequest toFullHttpRequest() {
        FullHttpRequest request = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1,
                HttpMethod.valueOf(method),
                target,
                body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body),
                HEADERS.newHeaders(),
                EmptyHttpHeaders.INSTANCE); // a request has no trailers: none allocated
        HttpHeaders h = request.headers();
        for (int i = 0; i < headers.size(); i += 2) {
            h.add(headers.get(i), headers.get(i + 1));
        }
        return request;
    }
}
