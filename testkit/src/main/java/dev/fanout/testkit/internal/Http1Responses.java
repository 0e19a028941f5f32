package dev.fanout.testkit.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/**
 * The hostile server's HTTP/1.1 answers, one per behaviour, chosen by the request's path (see
 * {@link HostileRoute}); the testkit guide, "Hostile server", gives each byte for byte. A
 * response that completes calls {@link Http1Connection#done()}, so that the connection reads
 * its next request; one that never does keeps the connection busy, and what the client sends
 * meanwhile is dropped.
 *
 * <p>Stateless; runs on the connection's event loop.
 */
final class Http1Responses {

    /** The most bytes a parameter may ask a body or header block to be, so that none is absurd. */
    static final int MAX_BYTES = 1 << 30;

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n";
    private static final byte[] GARBAGE =
            "\u0000\u00ff\u00fe SSH-2.0-not-http \u0007\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private Http1Responses() {}

    /** Answers the request {@code c} just read, as its path says. */
    static void respond(Http1Connection c) {
        HostileRoute route = HostileRoute.parse(c.target());
        switch (route.name()) {
            case "ok" -> ok(c);
            case "garbage-status-line" -> c.closeAfter(c.write(GARBAGE));
            case "invalid-status-line" -> c.closeAfter(c.write("HTTP/1.1 2x0 OK\r\nContent-Length: 2\r\n\r\nok"));
            case "endless-headers" -> endlessHeaders(c, route.intParam(0, 1 << 20, MAX_BYTES));
            case "body-without-end" -> {
                c.write(OK + "Content-Length: " + route.param(0, 2) + "\r\n\r\n");
                c.writeFiller(route.intParam(1, 1, MAX_BYTES));
            }
            case "trickle" -> trickle(c, route);
            case "close-mid-body" -> {
                int sent = route.intParam(0, 1, MAX_BYTES);
                c.write(OK + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(sent * 2) + "\r\n");
                c.closeAfter(c.writeFiller(sent));
            }
            case "reset-mid-body" -> {
                int sent = route.intParam(0, 1, MAX_BYTES);
                c.write(OK + "Content-Length: " + sent * 2L + "\r\n\r\n");
                c.resetAfter(c.writeFiller(sent));
            }
            case "content-length-short" -> {
                c.write(OK + "Content-Length: " + route.param(0, 2) + "\r\n\r\n");
                c.closeAfter(c.writeFiller(route.intParam(1, 1, MAX_BYTES)));
            }
            case "content-length-long" -> {
                c.write(OK + "Content-Length: " + route.param(0, 1) + "\r\n\r\n");
                c.writeFiller(route.intParam(1, 2, MAX_BYTES));
                c.done();
            }
            case "content-length-duplicated" -> {
                long first = route.param(0, 2);
                long second = route.param(1, 3);
                c.write(OK + "Content-Length: " + first + "\r\nContent-Length: " + second + "\r\n\r\n");
                c.closeAfter(c.writeFiller(Math.min(MAX_BYTES, Math.max(first, second))));
            }
            case "content-length-negative" -> c.closeAfter(c.write(OK + "Content-Length: -1\r\n\r\nhello"));
            case "http10-body-until-close" -> {
                c.write("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n");
                c.closeAfter(c.writeFiller(route.intParam(0, 2, MAX_BYTES)));
            }
            case "interim" -> interim(c, route.params());
            case "chunked-trailers" -> {
                c.write(OK + "Transfer-Encoding: chunked\r\nTrailer: X-Chunks, X-Body-Length\r\n\r\n"
                        + "5\r\nhello\r\n7\r\n, world\r\n0\r\nX-Chunks: 2\r\nX-Body-Length: 12\r\n\r\n");
                c.done();
            }
            case "gzip-bomb" -> gzipBomb(c, route.param(0, 1 << 20));
            case "raw" -> raw(c, route.intParam(0, 0, 3));
            case "silence" -> {}
            case "close-when-idle" -> {
                ok(c);
                c.closeWhenIdle(route.param(0, 1_000));
            }
            case "close-after-requests" -> {
                c.closeAfterRequests(route.intParam(0, 1, Integer.MAX_VALUE));
                ok(c);
            }
            default -> {
                c.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
                c.done();
            }
        }
    }

    private static void ok(Http1Connection c) {
        c.write(OK + "Content-Length: 2\r\n\r\nok");
        c.done();
    }

    /** A status line, then header lines until {@code cap} bytes of them, and no blank line, ever. */
    private static void endlessHeaders(Http1Connection c, int cap) {
        c.write("HTTP/1.1 200 OK\r\n");
        long[] sent = {0};
        int[] n = {0};
        // About 16 KiB of lines a buffer: a buffer a line would cost more than the lines.
        Supplier<ByteBuf> lines = () -> {
            StringBuilder piece = new StringBuilder();
            while (piece.length() < 16 * 1024) {
                String line = "X-Endless-" + n[0] + ": " + "a".repeat(64) + "\r\n";
                if (sent[0] + line.length() > cap) {
                    break;
                }
                n[0]++;
                sent[0] += line.length();
                piece.append(line);
            }
            return piece.length() == 0
                    ? null
                    : Unpooled.wrappedBuffer(piece.toString().getBytes(StandardCharsets.ISO_8859_1));
        };
        c.pump(lines, () -> {});
    }

    /** {@code bytes} of body announced, then {@code chunk} of them every {@code every} ms. */
    private static void trickle(Http1Connection c, HostileRoute route) {
        int bytes = route.intParam(0, 10, MAX_BYTES);
        int chunk = Math.max(1, route.intParam(1, 1, MAX_BYTES));
        long every = route.param(2, 100);
        c.write(OK + "Content-Length: " + bytes + "\r\n\r\n");
        trickle(c, 0, bytes, chunk, every);
    }

    private static void trickle(Http1Connection c, int sent, int bytes, int chunk, long every) {
        if (sent == bytes) {
            c.done();
            return;
        }
        c.schedule(every, () -> {
            int n = Math.min(chunk, bytes - sent);
            c.writeFiller(sent, n);
            trickle(c, sent + n, bytes, chunk, every);
        });
    }

    /** Each 1xx of {@code codes} (100 and 103 by default), then the real 200. */
    private static void interim(Http1Connection c, List<Long> codes) {
        StringBuilder head = new StringBuilder();
        for (long code : codes.isEmpty() ? List.of(100L, 103L) : codes) {
            String reason = code == 100 ? "Continue" : code == 103 ? "Early Hints" : "Interim";
            head.append("HTTP/1.1 ").append(code).append(' ').append(reason).append("\r\n");
            if (code == 103) {
                head.append("Link: </style.css>; rel=preload; as=style\r\n");
            }
            head.append("\r\n");
        }
        c.write(head.toString());
        ok(c);
    }

    /**
     * The bytes of the target's {@code b} query parameter (base64url), then, by {@code then}: the
     * next request (0), a FIN (1), a TCP reset (2), or silence (3).
     */
    private static void raw(Http1Connection c, int then) {
        String target = c.target();
        int b = target.indexOf("?b=");
        byte[] bytes;
        try {
            bytes = b < 0 ? new byte[0] : Base64.getUrlDecoder().decode(target.substring(b + 3));
        } catch (IllegalArgumentException notBase64) {
            c.closeAfter(c.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"));
            return;
        }
        ChannelFuture written = c.write(bytes);
        switch (then) {
            case 0 -> c.done();
            case 1 -> c.closeAfter(written);
            case 2 -> c.resetAfter(written);
            default -> {}
        }
    }

    /** A gzip body of zeros, made as it is sent, that inflates to {@code inflated} bytes. */
    private static void gzipBomb(Http1Connection c, long inflated) {
        GzipBomb bomb = new GzipBomb(inflated);
        c.write(OK.replace("text/plain", "application/octet-stream") + "Content-Encoding: gzip\r\nContent-Length: "
                + bomb.wireLength() + "\r\n\r\n");
        c.pump(bomb::next, c::done);
    }
}
