package dev.fanout.testkit.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip stream of zeros made as it is sent, so that a body inflating to gigabytes costs
 * neither a file nor the time to deflate them.
 *
 * <p>One MiB of zeros deflated and then fully flushed makes a run of deflate blocks that ends
 * on a byte boundary and refers to nothing before it: the same bytes (about a kilobyte) may
 * follow themselves any number of times. The stream is the 10-byte gzip header, that run once
 * per MiB, a run for the rest, an empty final block, and the trailer: CRC-32 and length of
 * the inflated bytes, the CRC summed as the runs go out.
 *
 * <pre>
 *  1f 8b 08 00 00000000 00 ff | run × (n / 1 MiB) | rest-run | 03 00 | crc32 | n mod 2^32
 * </pre>
 *
 * <p>Confined to one connection's event loop.
 */
final class GzipBomb {

    private static final int SEGMENT = 1 << 20;
    private static final byte[] ZEROS = new byte[SEGMENT];
    private static final byte[] RUN = deflate(SEGMENT);
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final byte[] FINAL_BLOCK = {3, 0};
    /** Runs per buffer written: about 16 KiB. */
    private static final int RUNS_PER_WRITE = 16;

    private final long inflated;
    private final long runs;
    private final byte[] rest;
    private final CRC32 crc = new CRC32();
    private long runsSent;
    private int step;

    GzipBomb(long inflated) {
        this.inflated = inflated;
        this.runs = inflated / SEGMENT;
        this.rest = deflate((int) (inflated % SEGMENT));
    }

    /** Returns the length of the whole stream, for its {@code Content-Length}. */
    long wireLength() {
        return HEADER.length + runs * RUN.length + rest.length + FINAL_BLOCK.length + 8;
    }

    /** Returns the next piece of the stream, or null after the last. */
    ByteBuf next() {
        if (step == 0) {
            step = 1;
            return Unpooled.wrappedBuffer(HEADER);
        }
        if (runsSent < runs) {
            int n = (int) Math.min(RUNS_PER_WRITE, runs - runsSent);
            byte[][] pieces = new byte[n][];
            for (int i = 0; i < n; i++) {
                pieces[i] = RUN;
                crc.update(ZEROS);
            }
            runsSent += n;
            return Unpooled.wrappedBuffer(pieces);
        }
        if (step == 1) {
            step = 2;
            crc.update(ZEROS, 0, (int) (inflated % SEGMENT));
            byte[] end = new byte[rest.length + FINAL_BLOCK.length + 8];
            System.arraycopy(rest, 0, end, 0, rest.length);
            System.arraycopy(FINAL_BLOCK, 0, end, rest.length, FINAL_BLOCK.length);
            writeIntLe(end, rest.length + FINAL_BLOCK.length, crc.getValue());
            writeIntLe(end, rest.length + FINAL_BLOCK.length + 4, inflated);
            return Unpooled.wrappedBuffer(end);
        }
        return null;
    }

    private static void writeIntLe(byte[] to, int at, long value) {
        for (int i = 0; i < 4; i++) {
            to[at + i] = (byte) (value >>> (8 * i));
        }
    }

    /** Deflates {@code n} zeros (raw deflate, no final block) and flushes fully: a self-contained run. */
    private static byte[] deflate(int n) {
        if (n == 0) {
            return new byte[0];
        }
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(new byte[n]);
            byte[] out = new byte[n / 100 + 1024];
            int length = deflater.deflate(out, 0, out.length, Deflater.FULL_FLUSH);
            if (!deflater.needsInput() || length == out.length) {
                throw new IllegalStateException("deflate run longer than " + out.length);
            }
            byte[] run = new byte[length];
            System.arraycopy(out, 0, run, 0, length);
            return run;
        } finally {
            deflater.end();
        }
    }
}
