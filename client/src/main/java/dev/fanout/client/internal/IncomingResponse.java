package dev.fanout.client.internal;

import dev.fanout.client.ErrorKind;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The response to one send of an exchange, as it arrives: its head taken or refused, then its
 * body gathered up to the cap, or, for an interim (1xx) response or a redirect, counted and
 * dropped. It decides what the bytes mean; the {@link Exchange} acts on it (fails, follows the
 * redirect, pools the connection).
 *
 * <p>Loop-confined. Owns no buffer: {@link #content} copies what it keeps, and the caller
 * releases the {@link ByteBuf}.
 */
final class IncomingResponse {

    /** Why a response cannot become a result: the kind and the words the exchange fails with. */
    record Refusal(ErrorKind kind, String detail, Throwable cause) {}

    private final ClientConfig config;
    private boolean interim;
    private int status;
    private String protocol;
    private boolean keepAlive;
    private List<String> headers;
    private BodyBuffer body;
    private ExchangeSpec redirect;
    private long discarded;

    IncomingResponse(ClientConfig config) {
        this.config = config;
    }

    /**
     * Takes the head of a response to {@code spec}, sent on a connection whose framing is
     * {@code delimited} (a keep-alive connection may be reused only then), after
     * {@code redirectsSoFar} redirects. Returns null when the head is taken, else why not.
     */
    Refusal head(HttpResponse head, boolean delimited, ExchangeSpec spec, int redirectsSoFar) {
        DecoderResult result = head.decoderResult();
        if (result.isFailure()) {
            return new Refusal(
                    Failures.kindOf(result.cause()),
                    "malformed response: " + Failures.describe(result.cause()),
                    result.cause());
        }
        int code = head.status().code();
        if (code == 101) {
            return new Refusal(
                    ErrorKind.PROTOCOL, "unexpected 101 Switching Protocols: no upgrade was asked for", null);
        }
        if (code < 200) {
            interim = true; // 100 Continue, 103 Early Hints: the real response follows
            return null;
        }
        status = code;
        protocol = head.protocolVersion().text();
        keepAlive = HttpUtil.isKeepAlive(head) && delimited && !spec.closesConnection();
        ExchangeSpec hop = Redirects.next(spec, code, head.headers().get(HttpHeaderNames.LOCATION), config);
        if (hop != null) {
            if (redirectsSoFar >= config.maxRedirects()) {
                return new Refusal(
                        ErrorKind.TOO_MANY_REDIRECTS,
                        "more than " + config.maxRedirects() + " redirects (last: " + code + " to "
                                + UrlText.redact(hop.url()) + ")",
                        null);
            }
            redirect = hop;
            ConnectionLog.redirect(code, spec.url(), hop.url());
            return null;
        }
        List<String> pairs = new ArrayList<>(head.headers().size() * 2);
        for (Map.Entry<String, String> e : head.headers()) {
            pairs.add(e.getKey());
            pairs.add(e.getValue());
        }
        headers = List.copyOf(pairs);
        long length = HttpUtil.getContentLength(head, -1L);
        if (length > config.maxResponseBytes()) {
            return new Refusal(
                    ErrorKind.TOO_LARGE,
                    "Content-Length " + length + " is over maxResponseBytes (" + config.maxResponseBytes() + ")",
                    null);
        }
        body = new BodyBuffer(config.maxResponseBytes(), length);
        return null;
    }

    /** Takes the bytes of {@code content}; returns null, or why the body is refused (over the cap). */
    Refusal content(ByteBuf content) {
        if (interim) {
            return null;
        }
        if (redirect != null || body == null) {
            discarded += content.readableBytes();
            return discarded > config.maxResponseBytes()
                    ? new Refusal(ErrorKind.TOO_LARGE, "redirect body over maxResponseBytes", null)
                    : null;
        }
        return body.append(content)
                ? null
                : new Refusal(
                        ErrorKind.TOO_LARGE,
                        "body over maxResponseBytes (" + config.maxResponseBytes() + " bytes after decoding)",
                        null);
    }

    /**
     * Returns true when the message that just ended was an interim (1xx) response, and makes
     * ready for the real one that follows; false when the response itself has ended.
     */
    boolean interimEnded() {
        if (!interim) {
            return false;
        }
        interim = false;
        return true;
    }

    /** Returns true when the connection may carry another exchange once this response has ended. */
    boolean keepAlive() {
        return keepAlive;
    }

    /** Returns the next hop when the response is a redirect to follow, else null. */
    ExchangeSpec redirect() {
        return redirect;
    }

    /** Returns true unless the body gathered so far ends with {@code tail}. */
    boolean bodyDoesNotEndWith(byte[] tail) {
        return body == null || !body.endsWith(tail);
    }

    /** Returns the response, once it has ended, as the result's data; {@code url} is what answered. */
    ResponseData toData(String url) {
        return new ResponseData(status, protocol, headers, body.toByteArray(), url);
    }
}
