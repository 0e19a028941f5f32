package dev.fanout.bench;

import dev.fanout.client.FanoutClient;
import dev.fanout.client.Result;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What decoding one HTTP/1.1 response costs, per response. fanout's own decoder
 * ({@code ResponseDecoder}, in {@code dev.fanout.client.internal}) is package-private and the
 * client module exports only {@code dev.fanout.client}, so the bench, which uses the public API
 * only, cannot reach it; two public paths stand in:
 *
 * <ul>
 *   <li>{@code decoder}: Netty's {@code HttpResponseDecoder} with the configuration fanout's
 *       decoder passes to it (fanout's extends it and adds a few field checks per message), then
 *       {@code HttpContentDecompressor} as in fanout's pipeline, on an {@code EmbeddedChannel}:
 *       100 keep-alive responses of 3 bytes, with the headers a server usually sends, in one
 *       buffer; every message out is released.
 *   <li>{@code client}: fanout itself through its public API: a batch of 100 GETs over one
 *       keep-alive connection to a {@link LeanHttpServer} in this JVM that answers at once. Each
 *       response's whole cost: the request's encoding, the loop, loopback and the server too.
 * </ul>
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar ResponseDecodeBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ResponseDecodeBenchmark {

    private static final int RESPONSES = 100;

    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\n"
                    + "Date: Fri, 04 Dec 2026 16:00:00 GMT\r\n"
                    + "Server: bench\r\n"
                    + "Content-Type: text/plain\r\n"
                    + "Content-Length: 3\r\n"
                    + "Connection: keep-alive\r\n"
                    + "\r\n"
                    + "ok\n")
            .getBytes(StandardCharsets.US_ASCII);

    /** {@code decoder}: Netty's decoder as fanout configures it; {@code client}: fanout end to end. */
    @Param({"decoder", "client"})
    public String path;

    private byte[] hundred;
    private EmbeddedChannel channel;
    private LeanHttpServer server;
    private FanoutClient client;
    private List<String> urls;

    @Setup(Level.Trial)
    public void start() throws InterruptedException {
        hundred = new byte[RESPONSE.length * RESPONSES];
        for (int i = 0; i < RESPONSES; i++) {
            System.arraycopy(RESPONSE, 0, hundred, i * RESPONSE.length, RESPONSE.length);
        }
        if (path.equals("decoder")) {
            // ResponseDecoder's configuration, with the builder's default header limit (64 KiB).
            channel = new EmbeddedChannel(
                    new HttpResponseDecoder(new HttpDecoderConfig()
                            .setMaxInitialLineLength(8192)
                            .setMaxHeaderSize(64 * 1024)
                            .setMaxChunkSize(16384)
                            .setAllowDuplicateContentLengths(false)
                            .setValidateHeaders(true)),
                    new HttpContentDecompressor(false, 0));
        } else {
            server = LeanHttpServer.start(exchange -> exchange.respond(200));
            client = FanoutClient.builder().maxConnectionsPerHost(1).build();
            urls = new ArrayList<>();
            for (int i = 0; i < RESPONSES; i++) {
                urls.add(server.url("/" + i));
            }
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        if (client != null) {
            client.close();
            server.close();
        }
    }

    /** Decodes (or fetches) 100 responses; the score is per response. */
    @Benchmark
    @OperationsPerInvocation(RESPONSES)
    public int hundredResponses() {
        if (client != null) {
            int ok = 0;
            for (Result result : client.fetchAll(urls)) {
                ok += result.status() == 200 ? 1 : 0;
            }
            return ok;
        }
        ByteBuf in = Unpooled.wrappedBuffer(hundred);
        channel.writeInbound(in);
        int messages = 0;
        for (Object message; (message = channel.readInbound()) != null; ) {
            messages++;
            ReferenceCountUtil.release(message);
        }
        return messages;
    }
}
