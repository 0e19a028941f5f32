package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.client.Proxy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RequestHead#encode} writes the bytes Netty's {@link HttpRequestEncoder} writes for the
 * same request ({@link RequestHead#toFullHttpRequest}, the request HTTP/2 sends), and those bytes
 * are the request the client means: defaults, a user's header replacing one, a proxy's absolute
 * form and credentials, bodies, a chunked Transfer-Encoding the request set, a listener's header.
 */
class RequestHeadTest {

    private static ExchangeSpec spec(String url, String method, byte[] body, String... headerPairs) {
        return new ExchangeSpec(Target.parse(url), method, List.of(headerPairs), body, 0);
    }

    /** Returns what Netty's encoder writes for {@code head}'s request. */
    private static String netty(RequestHead head) {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpRequestEncoder());
        FullHttpRequest request = head.toFullHttpRequest();
        assertThat(channel.writeOutbound(request)).isTrue();
        StringBuilder out = new StringBuilder();
        for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) {
            out.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        channel.finishAndReleaseAll();
        return out.toString();
    }

    private static String ours(RequestHead head) {
        ByteBuf buf = head.encode(ByteBufAllocator.DEFAULT);
        try {
            assertThat(buf.writableBytes())
                    .as("the size computed up front is exact")
                    .isZero();
            return buf.toString(StandardCharsets.ISO_8859_1);
        } finally {
            buf.release();
        }
    }

    /** Asserts our bytes are Netty's and returns them. */
    private static String encoded(RequestHead head) {
        String ours = ours(head);
        assertThat(ours).isEqualTo(netty(head));
        return ours;
    }

    @Test
    void aGetHasTheDefaultsAndNoBody() {
        String wire = encoded(RequestHead.of(spec("http://example.com:8080/a/b?x=1", "GET", null), "fanout/1", null));
        assertThat(wire)
                .isEqualTo("GET /a/b?x=1 HTTP/1.1\r\nhost: example.com:8080\r\nuser-agent: fanout/1\r\n"
                        + "accept-encoding: gzip, deflate\r\n\r\n");
    }

    @Test
    void aUsersHeaderReplacesTheDefaultOfItsNameAndKeepsItsCase() {
        String wire = encoded(RequestHead.of(
                spec("http://example.com/", "GET", null, "User-Agent", "mine", "X-Trace", "a", "x-trace", "b"),
                "fanout/1",
                null));
        assertThat(wire)
                .isEqualTo("GET / HTTP/1.1\r\nhost: example.com\r\naccept-encoding: gzip, deflate\r\n"
                        + "User-Agent: mine\r\nX-Trace: a\r\nx-trace: b\r\n\r\n");
    }

    @Test
    void aBodyGoesAfterItsLengthAndAUsersLengthIsReplaced() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        String wire = encoded(RequestHead.of(
                spec("http://example.com/p", "POST", body, "Content-Length", "99", "Transfer-Encoding", "chunked"),
                "fanout/1",
                null));
        assertThat(wire).endsWith("\r\ncontent-length: 7\r\n\r\n{\"a\":1}").doesNotContain("99", "chunked");
    }

    @Test
    void aPutWithoutABodySaysLengthZero() {
        assertThat(encoded(RequestHead.of(spec("http://example.com/p", "PUT", null), "fanout/1", null)))
                .endsWith("content-length: 0\r\n\r\n");
    }

    @Test
    void aChunkedTransferEncodingTheRequestSetFramesItsBody() {
        // A GET without a body keeps the user's Transfer-Encoding: the body is the last chunk alone.
        assertThat(encoded(RequestHead.of(
                        spec("http://example.com/", "GET", null, "Transfer-Encoding", "gzip, Chunked"),
                        "fanout/1",
                        null)))
                .endsWith("Transfer-Encoding: gzip, Chunked\r\n\r\n0\r\n\r\n");
        // With a body a length is set and the transfer coding removed, as for any body.
        RequestHead head = RequestHead.of(spec("http://example.com/", "DELETE", new byte[20]), "fanout/1", null);
        head.add("Transfer-Encoding", "chunked"); // as a listener may
        assertThat(encoded(head)).endsWith("\r\n\r\n14\r\n" + "\0".repeat(20) + "\r\n0\r\n\r\n");
    }

    @Test
    void throughAnHttpProxyTheTargetIsAbsoluteAndItsCredentialsGo() {
        Proxy proxy = Proxy.http("proxy.test", 3128).withCredentials("alice", "s3cret");
        String wire = encoded(RequestHead.of(spec("http://example.com/q?x=1", "GET", null), "fanout/1", proxy));
        assertThat(wire)
                .startsWith("GET http://example.com/q?x=1 HTTP/1.1\r\n")
                .endsWith("proxy-authorization: Basic YWxpY2U6czNjcmV0\r\n\r\n");
        // The request's own Proxy-Authorization wins.
        assertThat(encoded(RequestHead.of(
                        spec("http://example.com/", "GET", null, "Proxy-Authorization", "Bearer t"),
                        "fanout/1",
                        proxy)))
                .contains("Proxy-Authorization: Bearer t\r\n")
                .doesNotContain("Basic");
    }

    @Test
    void aListenersHeaderGoesLastAndValuesAreWrittenOneByteACharacter() {
        RequestHead head = RequestHead.of(spec("http://example.com/", "GET", null), "fanout/1", null);
        head.add("traceparent", "00-ab-cd-01");
        head.add("X-Name", "caf\u00e9"); // ISO-8859-1, as HttpSyntax allows
        String wire = encoded(head);
        assertThat(wire).endsWith("traceparent: 00-ab-cd-01\r\nX-Name: caf\u00e9\r\n\r\n");
        ByteBuf buf = head.encode(ByteBufAllocator.DEFAULT);
        try {
            assertThat(buf.getByte(buf.writerIndex() - 5)).isEqualTo((byte) 0xe9);
        } finally {
            buf.release();
        }
    }

    @Test
    void setReplacesEveryHeaderOfTheNameIgnoringCaseAndPutsItLast() {
        RequestHead head = RequestHead.of(spec("http://example.com/", "GET", null, "X-A", "1"), "ua", null);
        head.add("x-a", "2");
        head.set("X-a", "3");
        assertThat(head.get("x-A")).isEqualTo("3");
        assertThat(encoded(head)).endsWith("accept-encoding: gzip, deflate\r\nX-a: 3\r\n\r\n");
        head.remove("HOST");
        assertThat(head.get("host")).isNull();
    }
}
