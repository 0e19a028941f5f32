package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The response decoder on an EmbeddedChannel: HEAD, framing checks, and what it remembers. */
class ResponseDecoderTest {

    private ResponseDecoder decoder;
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() {
        decoder = new ResponseDecoder(8192);
        channel = new EmbeddedChannel(decoder);
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    /** Feeds {@code text} and returns what came out, releasing every message. */
    private List<Object> feed(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
        List<Object> out = new ArrayList<>();
        for (Object msg; (msg = channel.readInbound()) != null; ) {
            out.add(describe(msg));
            ReferenceCountUtil.release(msg);
        }
        return out;
    }

    private static Object describe(Object msg) {
        if (msg instanceof HttpResponse r) {
            return r.decoderResult().isFailure()
                    ? "invalid: " + r.decoderResult().cause().getMessage()
                    : "head " + r.status().code();
        }
        if (msg instanceof LastHttpContent c) {
            return "last " + c.content().toString(StandardCharsets.ISO_8859_1);
        }
        return "content " + ((HttpContent) msg).content().toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aHeadResponseHasNoBodyWhateverItsContentLength() {
        decoder.expect("HEAD");

        List<Object> out = feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");

        assertThat(out).containsExactly("head 200", "last ");
        assertThat(decoder.delimited()).isTrue();
    }

    @Test
    void aHeaderNameThatIsNotATokenMakesTheResponseInvalid() {
        decoder.expect("GET");

        List<Object> out = feed("HTTP/1.1 200 OK\r\nBad<Name: x\r\nContent-Length: 0\r\n\r\n");

        assertThat(out.get(0).toString())
                .startsWith("invalid: a header name can only contain \"token\" characters")
                .contains("0x3c");
    }

    @Test
    void aHeaderValueWithAControlCharacterMakesTheResponseInvalid() {
        decoder.expect("GET");

        List<Object> out = feed("HTTP/1.1 200 OK\r\nX-A: a\u0001b\r\nContent-Length: 0\r\n\r\n");

        assertThat(out.get(0)).isEqualTo("invalid: Validation failed for header 'X-A'");
    }

    @Test
    void theHeadersComeInTheOrderSentAndAreFoundWithoutCase() {
        decoder.expect("GET");
        channel.writeInbound(Unpooled.copiedBuffer(
                "HTTP/1.1 200 OK\r\nX-B: 1\r\nx-a: 2\r\nX-B: 3\r\nContent-Length: 0\r\n\r\n",
                StandardCharsets.ISO_8859_1));
        HttpResponse head = channel.readInbound();

        assertThat(head.headers().entries())
                .extracting(e -> e.getKey() + "=" + e.getValue())
                .containsExactly("X-B=1", "x-a=2", "X-B=3", "Content-Length=0");
        assertThat(head.headers().getAll("x-b")).containsExactly("1", "3");
        assertThat(head.headers().get("X-A")).isEqualTo("2");
    }

    @Test
    void aGetResponseWithTheSameHeadersWaitsForItsBody() {
        decoder.expect("GET");

        List<Object> out = feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");

        assertThat(out).containsExactly("head 200", "last hello");
    }

    @Test
    void transferEncodingWithContentLengthIsInvalid() {
        decoder.expect("GET");

        List<Object> out = feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n");

        assertThat(out).hasSize(1);
        assertThat((String) out.get(0)).startsWith("invalid: both Transfer-Encoding and Content-Length");
    }

    @Test
    void aBodyEndedByTheCloseIsNotDelimited() {
        decoder.expect("GET");

        feed("HTTP/1.0 200 OK\r\n\r\nsome");

        assertThat(decoder.delimited()).isFalse();
        assertThat(decoder.chunked()).isFalse();
    }

    @Test
    void aChunkedBodyIsDelimitedAndChunked() {
        decoder.expect("GET");

        List<Object> out = feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");

        assertThat(out).containsExactly("head 200", "content abc", "last ");
        assertThat(decoder.delimited()).isTrue();
        assertThat(decoder.chunked()).isTrue();
    }

    @Test
    void everyTrailerOfAChunkedBodyIsKeptThoughTheSetStartsSmall() {
        decoder.expect("GET");

        channel.writeInbound(Unpooled.copiedBuffer(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n"
                        + "X-A: 1\r\nX-B: 2\r\nX-C: 3\r\nX-D: 4\r\nX-E: 5\r\nX-A: 6\r\n\r\n",
                StandardCharsets.ISO_8859_1));
        List<String> trailers = new ArrayList<>();
        String lookedUp = null;
        for (Object msg; (msg = channel.readInbound()) != null; ) {
            if (msg instanceof LastHttpContent last) {
                last.trailingHeaders().forEach(e -> trailers.add(e.getKey() + "=" + e.getValue()));
                lookedUp = last.trailingHeaders().getAll("x-a") + " "
                        + last.trailingHeaders().get("X-E");
            }
            ReferenceCountUtil.release(msg);
        }

        assertThat(trailers).containsExactly("X-A=1", "X-B=2", "X-C=3", "X-D=4", "X-E=5", "X-A=6");
        assertThat(lookedUp).isEqualTo("[1, 6] 5");
    }

    @Test
    void aBodyOfAKnownLengthEndsWithAnEmptySetOfTrailers() {
        decoder.expect("GET");

        channel.writeInbound(Unpooled.copiedBuffer(
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", StandardCharsets.ISO_8859_1));
        Boolean empty = null;
        for (Object msg; (msg = channel.readInbound()) != null; ) {
            if (msg instanceof LastHttpContent last) {
                empty = last.trailingHeaders().isEmpty();
            }
            ReferenceCountUtil.release(msg);
        }

        assertThat(empty).isTrue();
    }

    @Test
    void chunkSizeLinesAreJudgedPlausibleOnlyWhenTheyStartWithHexDigits() {
        assertThat(ResponseDecoder.plausibleChunkSizeLine("1a".getBytes(StandardCharsets.US_ASCII)))
                .isTrue();
        assertThat(ResponseDecoder.plausibleChunkSizeLine("1a;ext=1".getBytes(StandardCharsets.US_ASCII)))
                .isTrue();
        assertThat(ResponseDecoder.plausibleChunkSizeLine("lskdu0".getBytes(StandardCharsets.US_ASCII)))
                .isFalse();
        assertThat(ResponseDecoder.plausibleChunkSizeLine("12zz".getBytes(StandardCharsets.US_ASCII)))
                .isFalse();
    }
}
