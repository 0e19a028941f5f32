package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The body buffer copies bytes out, grows, and refuses to pass its cap. */
class BodyBufferTest {

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    @Test
    void itGathersPiecesWithoutTouchingTheBuffersIndexes() {
        BodyBuffer body = new BodyBuffer(100, -1);
        ByteBuf a = bytes("hello ");
        ByteBuf b = bytes("world");

        assertThat(body.append(a)).isTrue();
        assertThat(body.append(b)).isTrue();

        assertThat(new String(body.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo("hello world");
        assertThat(a.readableBytes()).isEqualTo(6);
        assertThat(body.endsWith("world".getBytes(StandardCharsets.US_ASCII))).isTrue();
        a.release();
        b.release();
    }

    @Test
    void itRefusesBytesBeyondTheCap() {
        BodyBuffer body = new BodyBuffer(8, 8);
        ByteBuf first = bytes("12345");
        ByteBuf second = bytes("6789");

        assertThat(body.append(first)).isTrue();
        assertThat(body.append(second)).isFalse();

        assertThat(body.toByteArray()).hasSize(5);
        first.release();
        second.release();
    }

    @Test
    void aBodyShorterThanItsLengthHandsOutOnlyTheBytesThatCame() {
        // The array sized by the length may not be zeroed (the tests' JVM lets Netty skip it):
        // nothing past the bytes that came may be handed out.
        assertThat(nettySkipsZeroing())
                .as("the tests' JVM lets Netty skip zeroing")
                .isTrue();
        BodyBuffer body = new BodyBuffer(1 << 20, 16384);
        ByteBuf piece = bytes("only this");

        assertThat(body.append(piece)).isTrue();

        assertThat(body.toByteArray()).isEqualTo("only this".getBytes(StandardCharsets.US_ASCII));
        piece.release();
    }

    private static boolean nettySkipsZeroing() {
        try {
            Method has = Class.forName("io.netty.util.internal.PlatformDependent0")
                    .getDeclaredMethod("hasAllocateArrayMethod");
            has.setAccessible(true);
            return (boolean) has.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Netty's PlatformDependent0 changed", e);
        }
    }
}
