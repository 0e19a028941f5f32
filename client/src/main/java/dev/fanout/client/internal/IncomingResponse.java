package dev.fanout.client.internal;

import dev.fanout.client.ErrorKind;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import java.util.List;

/**
 * The response to one send of a request, as it arrives: its head taken or refused, then its
 * body gathered up to the cap; an interim (1xx) response is skipped. It decides what the bytes
 * mean; the {@link Attempt} acts on it (fails, or reports the response and pools the
 * connection).
 *
 * <p>Loop-confined. Owns no buffer: {@link #content} copies what it keeps, and the caller
 * releases the {@link ByteBuf}.
 */
final class IncomingResponse {

    /** Why a response cannot become a result: the kind and the words the exchange fails with. */
    record Refusal(ErrorKind kind, String detail, Throwable cause) {}

    private final ClientConfig config;
    private final HeaderTexts texts;
    private boolean interim;
    private int status;
    private String protocol;
    private boolean keepAlive;
    private List<String> headers;
    private BodyBuffer body;
    private long discarded;

    IncomingResponse(ClientConfig config, HeaderTexts texts) {
        this.config = config;
        this.texts = texts;
    }

    /**
     * Takes the head of a response to {@code spec}, sent on a connection whose framing is
     * {@code delimited} (a keep-alive connection may be reused only then), over {@code protocol}
     * (null: the one the head says). Returns null when the head is taken, else why not.
     */
    Refusal head(HttpResponse head, boolean delimited, String protocol, ExchangeSpec spec) {
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
        this.protocol = protocol != null ? protocol : head.protocolVersion().text();
        keepAlive = HttpUtil.isKeepAlive(head) && delimited && !spec.closesConnection();
        headers = texts.pairs(head.headers());
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
        if (body == null) {
            discarded += content.readableBytes(); // no head taken: nothing to gather it into
            return discarded > config.maxResponseBytes()
                    ? new Refusal(ErrorKind.TOO_LARGE, "body over maxResponseBytes without a response head", null)
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

    /** Returns true unless the body gathered so far ends with {@code tail}. */
    boolean bodyDoesNotEndWith(byte[] tail) {
        return body == null || !body.endsWith(tail);
    }

    /** Returns the response, once it has ended, as the result's data; {@code url} is what answered. */
    ResponseData toData(String url) {
        return new ResponseData(status, protocol, headers, body.toByteArray(), url);
    }
}
