package dev.fanout.client.internal;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * Netty's HTTP/1.1 response decoder, told which method each response answers (a HEAD's
 * response has no body whatever its headers say) and strict about framing (RFC 9112 §6.3):
 * a response with both Transfer-Encoding and Content-Length, or a transfer coding other than
 * chunked, becomes an invalid message, which the exchange ends as {@code PROTOCOL}. It also
 * remembers whether the current response's end is marked (Content-Length, chunked, or no body)
 * rather than left to the connection's close, which decides whether the connection can be reused.
 *
 * <p>What it makes per response is kept small: the status line's words and the header names
 * come from the client's {@link HeadWords}, and the header and trailer sets are
 * {@link FlatHeaders}, not Netty's hash tables.
 *
 * <p>ByteBuf ownership is Netty's {@code HttpObjectDecoder}'s: it releases what it reads and
 * the messages it produces belong to the next handler.
 */
final class ResponseDecoder extends HttpResponseDecoder {

    private final HeadWords words;
    private boolean head;
    private boolean delimited;
    private boolean chunked;

    /** A decoder with a {@link HeadWords} table of its own. */
    ResponseDecoder(int maxHeaderBytes) {
        this(maxHeaderBytes, new HeadWords());
    }

    /** A decoder that takes the status line's words and the header names from {@code words}. */
    ResponseDecoder(int maxHeaderBytes, HeadWords words) {
        super(new HttpDecoderConfig()
                .setMaxInitialLineLength(8192)
                .setMaxHeaderSize(maxHeaderBytes)
                .setMaxChunkSize(16384)
                .setAllowDuplicateContentLengths(false)
                .setHeadersFactory(FlatHeaders.HEADS)
                .setTrailersFactory(FlatHeaders.TRAILERS));
        this.words = words;
    }

    @Override
    protected String splitFirstWordInitialLine(byte[] ascii, int start, int length) {
        return words.word(ascii, start, length);
    }

    @Override
    protected String splitSecondWordInitialLine(byte[] ascii, int start, int length) {
        return words.word(ascii, start, length);
    }

    @Override
    protected String splitThirdWordInitialLine(byte[] ascii, int start, int length) {
        return words.word(ascii, start, length);
    }

    @Override
    protected AsciiString splitHeaderName(byte[] ascii, int start, int length) {
        return words.name(ascii, start, length);
    }

    /** Tells the decoder the method of the request whose response comes next. */
    void expect(String method) {
        head = "HEAD".equals(method);
        delimited = false;
        chunked = false;
    }

    /** Returns true while the current response's body is chunked. */
    boolean chunked() {
        return chunked;
    }

    /** Returns true when the bytes could begin a chunk-size line: hex digits, then nothing, whitespace, ';' or CR. */
    static boolean plausibleChunkSizeLine(byte[] in) {
        int i = 0;
        int end = in.length;
        int digits = 0;
        while (i < end && Character.digit((char) in[i], 16) >= 0) {
            i++;
            digits++;
        }
        if (digits == 0) {
            return false;
        }
        if (i == end) {
            return true;
        }
        byte next = in[i];
        return next == ';' || next == ' ' || next == '\t' || next == '\r' || next == '\n';
    }

    /**
     * Returns true when bytes beyond the response that just ended wait in the decoder's buffer:
     * a server that sent more than its Content-Length said (or a response nobody asked for).
     * Asked as the response's end is handed on, while those bytes are still in the buffer.
     */
    boolean hasUnreadBytes() {
        return actualReadableBytes() > 0;
    }

    /** Returns true when the last response's body end was marked by its headers, not by the close. */
    boolean delimited() {
        return delimited;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        HttpHeaders headers = msg.headers();
        List<String> te = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        boolean cl = headers.contains(HttpHeaderNames.CONTENT_LENGTH);
        if (!te.isEmpty()) {
            if (cl) {
                throw new IllegalArgumentException("both Transfer-Encoding and Content-Length (RFC 9112 section 6.3)");
            }
            if (te.size() != 1 || !te.get(0).trim().equalsIgnoreCase("chunked")) {
                throw new IllegalArgumentException("unsupported Transfer-Encoding " + te + " (expected: chunked)");
            }
        }
        boolean empty = super.isContentAlwaysEmpty(msg)
                || head
                        && msg instanceof HttpResponse
                        && ((HttpResponse) msg).status().code() >= 200;
        delimited = empty || cl || !te.isEmpty();
        chunked = !empty && !te.isEmpty();
        return empty;
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw new IllegalArgumentException("both Transfer-Encoding and Content-Length (RFC 9112 section 6.3)");
    }
}
