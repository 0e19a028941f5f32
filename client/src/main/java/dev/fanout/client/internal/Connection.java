package dev.fanout.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * One HTTP/1.1 connection to an origin: its channel, and the one {@link Attempt} using it, if
 * any. It serves one exchange at a time (no pipelining: its {@link #capacity()} is one); between
 * exchanges it waits in the {@link ConnectionPool}. Loop-confined.
 */
final class Connection extends HttpConnection implements Lease {

    private final Channel channel;
    private final Route route;
    private final ResponseDecoder decoder;
    private final Consumer<? super Connection> whenClosed;

    private ExchangeSink exchange;
    private long bytesRead;
    private final byte[] tail = new byte[64];
    private int tailLength;
    private int uses;

    /** Creates the connection of {@code channel}; {@code whenClosed} is told once it closes, on the loop. */
    Connection(Channel channel, Route route, ResponseDecoder decoder, Consumer<? super Connection> whenClosed) {
        this.channel = channel;
        this.route = route;
        this.decoder = decoder;
        this.whenClosed = whenClosed;
    }

    @Override
    Route route() {
        return route;
    }

    @Override
    Channel channel() {
        return channel;
    }

    @Override
    public HttpConnection connection() {
        return this;
    }

    @Override
    public String protocol() {
        return null; // the response's head says HTTP/1.1 or HTTP/1.0
    }

    ResponseDecoder decoder() {
        return decoder;
    }

    /** Returns what the response parts go to: the attempt using the connection, or null while it is idle. */
    ExchangeSink exchange() {
        return exchange;
    }

    /** Hands the connection to {@code e}: it is its own lease, carrying one exchange at a time. */
    @Override
    Lease lease(ExchangeSink e) {
        exchange = e;
        bytesRead = 0;
        tailLength = 0;
        uses++;
        return this;
    }

    @Override
    public boolean finish(boolean reusable) {
        exchange = null;
        // Bytes past the response's end would be read as the next response's start: the
        // connection is done for, though this response stands.
        return reusable && !decoder.hasUnreadBytes();
    }

    @Override
    public boolean abandon() {
        exchange = null;
        return false;
    }

    @Override
    public void afterwards(Runnable giveBack) {
        giveBack.run();
    }

    @Override
    public boolean delimited() {
        return decoder.delimited();
    }

    @Override
    public boolean unprocessed() {
        return false; // HTTP/1.1 has no way to say so
    }

    /** Returns how many bytes arrived since the current exchange took the connection. */
    @Override
    public long bytesRead() {
        return bytesRead;
    }

    @Override
    public boolean malformedChunkAtClose(IncomingResponse incoming) {
        if (!decoder.chunked()) {
            return false;
        }
        byte[] tail = unterminatedTail();
        return tail.length > 0 && !ResponseDecoder.plausibleChunkSizeLine(tail) && incoming.bodyDoesNotEndWith(tail);
    }

    /**
     * Returns the last bytes received after the last line feed (at most 64): a line the peer
     * began and never ended, or the end of a body.
     */
    byte[] unterminatedTail() {
        int start = tailLength;
        while (start > 0 && tail[start - 1] != '\n') {
            start--;
        }
        return Arrays.copyOfRange(tail, start, tailLength);
    }

    private void remember(ByteBuf buf) {
        int n = Math.min(buf.readableBytes(), tail.length);
        int keep = Math.min(tailLength, tail.length - n);
        System.arraycopy(tail, tailLength - keep, tail, 0, keep);
        buf.getBytes(buf.writerIndex() - n, tail, keep, n);
        tailLength = keep + n;
    }

    /** Returns true when the connection served an exchange before the current one. */
    @Override
    public boolean reused() {
        return uses > 1;
    }

    @Override
    boolean isOpen() {
        return channel.isActive();
    }

    @Override
    int capacity() {
        return 1;
    }

    /** Called by its pipeline once the channel has closed. */
    void closed() {
        whenClosed.accept(this);
    }

    /** Writes {@code request}, telling the decoder which method its response answers. */
    @Override
    public ChannelFuture write(RequestHead request) {
        decoder.expect(request.method());
        return channel.writeAndFlush(request.encode(channel.alloc()));
    }

    /** Returns how many exchanges have used the connection, the current one included. */
    @Override
    int uses() {
        return uses;
    }

    @Override
    public String toString() {
        return "Connection(" + route + ", " + channel.localAddress() + ")";
    }

    /**
     * Counts the bytes that arrive for the current exchange, before any decoding: a connection
     * that fails with zero bytes read failed "before any response byte". Passes every message on
     * untouched (it owns nothing).
     */
    static final class ReadCounter extends ChannelInboundHandlerAdapter {
        private final Connection[] connection;

        ReadCounter(Connection[] connection) {
            this.connection = connection;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf && connection[0] != null) {
                connection[0].bytesRead += ((ByteBuf) msg).readableBytes();
                connection[0].remember((ByteBuf) msg);
            }
            ctx.fireChannelRead(msg);
        }
    }
}
