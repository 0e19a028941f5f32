package dev.fanout.client.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a connection's pipeline: hands each decoded response part to the
 * {@link Attempt} that uses the connection ({@link ExchangeSink}), and reports the connection's errors and close.
 *
 * <pre>
 *  socket ─► [SslHandler] ─► ReadCounter ─► ResponseDecoder ─► ContentSlicer ─► HttpContentDecompressor ─► ExchangeHandler ─► Attempt
 *  socket ◄─ [SslHandler] ◄──────────────────────────── RequestHead's bytes ◄─────────────────────────────── Attempt
 * </pre>
 *
 * <p><b>ByteBuf ownership:</b> this handler owns every message it receives and releases it in
 * {@code finally}, after the exchange has copied the bytes it wants
 * ({@link ExchangeSink#onContent} only reads the buffer). Nothing is passed further down the pipeline,
 * and no buffer outlives the call. Data arriving on an idle connection is released and the
 * connection closed (a server must not speak unasked).
 */
final class ExchangeHandler extends ChannelInboundHandlerAdapter {

    private final Connection connection;

    ExchangeHandler(Connection connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            ExchangeSink exchange = connection.exchange();
            if (exchange == null) {
                if (msg != LastHttpContent.EMPTY_LAST_CONTENT) {
                    connection.close(ConnectionLog.CloseReason.UNEXPECTED_BYTES);
                }
                return;
            }
            if (msg instanceof HttpResponse) {
                exchange.onHead((HttpResponse) msg);
            }
            if (msg instanceof HttpContent && connection.exchange() == exchange) {
                exchange.onContent(((HttpContent) msg).content());
                if (msg instanceof LastHttpContent && connection.exchange() == exchange) {
                    exchange.onEnd((LastHttpContent) msg);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ExchangeSink exchange = connection.exchange();
        connection.closed();
        if (exchange != null) {
            exchange.onClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ExchangeSink exchange = connection.exchange();
        if (exchange != null) {
            exchange.onError(cause);
        } else {
            connection.close(ConnectionLog.CloseReason.ERROR);
        }
    }
}
