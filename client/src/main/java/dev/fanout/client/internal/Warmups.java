package dev.fanout.client.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.NetUtil;

/**
 * Loads and initializes the classes a connection's pipeline needs on a thread that is not the
 * loop's, once per JVM, so that the loop does not spend its first batch doing it. Thread-safe:
 * each warm-up is a class's static initializer, which the JVM runs once.
 */
final class Warmups {

    private Warmups() {}

    /** Loads HTTP/1.1's pipeline classes, on the building thread of the first client. */
    static void http1() {
        Http1.once();
    }

    /**
     * Loads HTTP/2's classes (the frame codec with its HPACK tables, the multiplexer, the stream
     * codec), on the building thread of the first client that may speak it, so that the loop does
     * not load them while its first h2 connection waits.
     */
    static void http2() {
        Http2.once();
    }

    private static final class Http1 {
        static {
            new ResponseDecoder(1024);
            new HttpRequestEncoder();
            new HttpContentDecompressor(false, 0);
            new Bootstrap();
            HttpMethod.valueOf("GET");
            NetUtil.createByteArrayFromIpAddressString("127.0.0.1");
        }

        static void once() {
            // the static initializer did the work
        }
    }

    private static final class Http2 {
        static {
            EmbeddedChannel channel = new EmbeddedChannel(
                    Http2FrameCodecBuilder.forClient().build(),
                    new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
            channel.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false));
            channel.finishAndReleaseAll();
        }

        static void once() {
            // the static initializer did the work
        }
    }
}
