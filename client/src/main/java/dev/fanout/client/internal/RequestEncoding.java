package dev.fanout.client.internal;

import dev.fanout.client.Proxy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Turns an {@link ExchangeSpec} into the Netty request written on the wire.
 *
 * <p>ByteBuf ownership: the body is wrapped, not copied, in an unpooled buffer that the
 * returned request owns; whoever writes the request hands it to Netty, whose encoder releases it
 * (also when the write fails). Headers were checked on the caller's thread, so Netty's header
 * validation is off here.
 */
final class RequestEncoding {

    private static final DefaultHttpHeadersFactory HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    private RequestEncoding() {}

    /**
     * Returns the HTTP/1.1 request for {@code spec}: its headers, after {@code Host},
     * {@code User-Agent} and {@code Accept-Encoding: gzip, deflate} unless it sets them, and a
     * {@code Content-Length} when it has a body (or is a POST, PUT or PATCH without one). When
     * {@code forwardTo} is an HTTP proxy (not null), the request is written for it: in absolute
     * form ({@code GET http://host:port/path}), with {@code Proxy-Authorization} when it has
     * credentials (unless the request sets its own).
     */
    static FullHttpRequest encode(ExchangeSpec spec, String userAgent, Proxy forwardTo) {
        Target target = spec.target();
        byte[] bytes = spec.body();
        ByteBuf content = bytes == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes);
        FullHttpRequest request = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1,
                HttpMethod.valueOf(spec.method()),
                forwardTo == null ? target.pathAndQuery() : target.origin() + target.pathAndQuery(),
                content,
                HEADERS.newHeaders(),
                EmptyHttpHeaders.INSTANCE); // a request has no trailers: none allocated
        HttpHeaders h = request.headers();
        h.set(HttpHeaderNames.HOST, target.origin().hostHeader());
        h.set(HttpHeaderNames.USER_AGENT, userAgent);
        h.set(HttpHeaderNames.ACCEPT_ENCODING, "gzip, deflate");
        List<String> pairs = spec.headerPairs();
        for (int i = 0; i < pairs.size(); i += 2) {
            h.remove(pairs.get(i)); // a user's header replaces a default of the same name
        }
        for (int i = 0; i < pairs.size(); i += 2) {
            h.add(pairs.get(i), pairs.get(i + 1));
        }
        if (forwardTo != null && forwardTo.username() != null && !h.contains(HttpHeaderNames.PROXY_AUTHORIZATION)) {
            byte[] pair = (forwardTo.username() + ":" + forwardTo.password()).getBytes(StandardCharsets.UTF_8);
            h.set(
                    HttpHeaderNames.PROXY_AUTHORIZATION,
                    "Basic " + Base64.getEncoder().encodeToString(pair));
        }
        if (bytes != null
                || spec.method().equals("POST")
                || spec.method().equals("PUT")
                || spec.method().equals("PATCH")) {
            h.set(HttpHeaderNames.CONTENT_LENGTH, bytes == null ? 0 : bytes.length);
            h.remove(HttpHeaderNames.TRANSFER_ENCODING);
        }
        return request;
    }
}
