package dev.fanout.client.internal;

import dev.fanout.client.HttpVersion;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.NetUtil;

/**
 * Loads and initializes the classes a connection's pipeline needs on a thread that is not the
 * loop's, once per JVM, so that the loop does not spend its first batch doing it. Thread-safe:
 * each warm-up is a class's static initializer, which the JVM runs once.
 */
public final class Warmups {

    private Warmups() {}

    /**
     * Loads HTTP/1.1's pipeline classes, on the building thread of the first client: its handlers
     * in an {@link EmbeddedChannel} (the channel's and the pipeline's classes with them) and one
     * buffer from the allocator (its classes, with Netty's JFR events, as HTTP/2's warm-up loaded
     * them when every client ran it).
     */
    static void http1() {
        Http1.once();
    }

    /**
     * Loads HTTP/2's classes (the frame codec with its HPACK tables, the multiplexer, the stream
     * codec) so that the loop does not load them while its first h2 connection waits: on the
     * building thread of the first client that speaks only h2.
     */
    static void http2() {
        Http2.once();
    }

    /**
     * Returns {@code spec}, a request just checked on the caller's thread, having loaded HTTP/2's
     * classes first ({@link #http2}) if it is an https request of a client that may negotiate h2
     * ({@code version} AUTO). A client that fetches only http:// URLs never loads them: in a
     * fresh JVM, building the first client loaded 1,423 classes in 343-371 ms where it had loaded
     * 1,606 in 400-475 (four runs each), and its first batch loaded as many on the loop (274-275
     * classes, 266-267 before).
     */
    public static ExchangeSpec checked(ExchangeSpec spec, HttpVersion version) {
        if (version == HttpVersion.AUTO && spec.target().origin().secure()) {
            Http2.once();
        }
        return spec;
    }

    private static final class Http1 {
        static {
            EmbeddedChannel channel = new EmbeddedChannel(new ResponseDecoder(1024));
            Pipelines.addInflating(channel.pipeline());
            channel.alloc().buffer(16).release(); // the allocator, and Netty's JFR events with it
            channel.finishAndReleaseAll();
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
