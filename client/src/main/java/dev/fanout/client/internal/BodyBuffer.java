package dev.fanout.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.util.internal.PlatformDependent;
import java.util.Arrays;

/**
 * A response body being gathered: bytes copied out of Netty's buffers into one growing array,
 * never more than the cap. Loop-confined.
 */
final class BodyBuffer {

    private static final byte[] EMPTY = new byte[0];
    private static final int MAX_PREALLOCATE = 1 << 20;

    private final long cap;
    private byte[] data;
    private int size;

    /**
     * @param cap the most bytes it takes
     * @param sizeHint the expected size (a Content-Length), or -1
     */
    BodyBuffer(long cap, long sizeHint) {
        this.cap = cap;
        long initial = Math.min(Math.min(sizeHint, cap), MAX_PREALLOCATE);
        // Not zeroed where the JVM lets Netty skip it (--add-exports
        // java.base/jdk.internal.misc=ALL-UNNAMED): every byte handed out is one copied in, as
        // toByteArray cuts the array to size. At 16 KiB the zeroing was 15% of the loop thread
        // (bench/README.md, "Body arrays not zeroed first").
        this.data = initial > 0 ? PlatformDependent.allocateUninitializedArray((int) initial) : EMPTY;
    }

    /**
     * Copies the readable bytes of {@code buf} (without changing its indexes; the caller still
     * owns and releases it).
     *
     * @return false, copying nothing, when they would take the body past the cap
     */
    boolean append(ByteBuf buf) {
        int n = buf.readableBytes();
        if (n == 0) {
            return true;
        }
        if (size + (long) n > cap) {
            return false;
        }
        if (size + n > data.length) {
            long grown = Math.max((long) data.length * 2, Math.max(size + n, 1024));
            data = Arrays.copyOf(data, (int) Math.min(grown, Math.max(cap, size + n)));
        }
        buf.getBytes(buf.readerIndex(), data, size, n);
        size += n;
        return true;
    }

    /** Returns true when the body gathered so far ends with {@code suffix}. */
    boolean endsWith(byte[] suffix) {
        if (suffix.length > size) {
            return false;
        }
        return Arrays.equals(data, size - suffix.length, size, suffix, 0, suffix.length);
    }

    /** Returns the bytes gathered, in an array of exactly their length. */
    byte[] toByteArray() {
        return size == data.length ? data : Arrays.copyOf(data, size);
    }
}
