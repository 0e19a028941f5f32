package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeadWordsTest {

    private final HeadWords words = new HeadWords();

    private static byte[] line(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aWordIsTheBytesItWasCutFromAndIsSharedWhenTheyRepeat() {
        byte[] first = line("HTTP/1.1 200 OK");
        byte[] second = line("xxHTTP/1.1 200 OK");
        String version = words.word(first, 0, 8);
        assertThat(version).isEqualTo("HTTP/1.1");
        assertThat(words.word(second, 2, 8)).isSameAs(version);
        assertThat(words.word(first, 9, 3)).isEqualTo("200");
        assertThat(words.word(first, 13, 2)).isEqualTo("OK");
        assertThat(words.word(first, 0, 0)).isEmpty();
    }

    @Test
    void wordsDifferingOnlyInCaseAreNotShared() {
        AsciiString lower = words.name(line("content-length"), 0, 14);
        AsciiString upper = words.name(line("Content-Length"), 0, 14);
        assertThat(upper.toString()).isEqualTo("Content-Length");
        assertThat(lower.toString()).isEqualTo("content-length");
        assertThat((Object) words.name(line("Content-Length"), 0, 14)).isSameAs(upper);
        assertThat(words.word(line("ok"), 0, 2)).isEqualTo("ok");
        assertThat(words.word(line("OK"), 0, 2)).isEqualTo("OK");
    }

    @Test
    void bytesAboveAsciiReadAsLatin1LikeNettysOwnCopy() {
        byte[] bytes = {(byte) 'a', (byte) 0xE9, (byte) 0xFF};
        assertThat(words.word(bytes, 0, 3)).isEqualTo("a\u00e9\u00ff");
        assertThat((Object) words.name(bytes, 0, 3)).isEqualTo(new AsciiString(bytes, 0, 3, true));
    }

    @Test
    void longWordsAreMadeNewEachTime() {
        byte[] bytes = line("x".repeat(HeadWords.MAX_CACHED + 1));
        String one = words.word(bytes, 0, bytes.length);
        assertThat(one).isEqualTo(new String(bytes, StandardCharsets.ISO_8859_1));
        assertThat(words.word(bytes, 0, bytes.length)).isNotSameAs(one).isEqualTo(one);
        assertThat(words.name(bytes, 0, bytes.length).toString()).isEqualTo(one);
    }

    @Test
    void manyWordsSharingSlotsEachComeBackAsTheirOwnBytes() {
        Random random = new Random(12);
        for (int n = 0; n < 20_000; n++) {
            byte[] bytes = new byte[1 + random.nextInt(HeadWords.MAX_CACHED)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) ('a' + random.nextInt(3)); // few letters: many repeats and collisions
            }
            String expected = new String(bytes, StandardCharsets.ISO_8859_1);
            assertThat(words.word(bytes, 0, bytes.length)).isEqualTo(expected);
            assertThat(words.name(bytes, 0, bytes.length).toString()).isEqualTo(expected);
        }
    }
}
