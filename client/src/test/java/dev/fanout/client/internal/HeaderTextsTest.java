package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Responses keep one copy of each header text, and share a list when their headers are the same. */
class HeaderTextsTest {

    private static HttpHeaders headers(String... pairs) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (int i = 0; i < pairs.length; i += 2) {
            // As Netty's decoder gives them: a name as an AsciiString, a value as a new String.
            headers.add(new AsciiString(pairs[i]), new String(pairs[i + 1]));
        }
        return headers;
    }

    @Test
    void theSameHeadersAgainGiveTheSameList() {
        HeaderTexts texts = new HeaderTexts();

        List<String> first = texts.pairs(headers("Server", "nginx", "Set-Cookie", "a=1", "set-cookie", "b=2"));
        List<String> second = texts.pairs(headers("Server", "nginx", "Set-Cookie", "a=1", "set-cookie", "b=2"));

        assertThat(first).containsExactly("Server", "nginx", "Set-Cookie", "a=1", "set-cookie", "b=2");
        assertThat(second).isSameAs(first);
    }

    @Test
    void aChangedValueGetsAListOfItsOwnThatSharesTheTextsThatDidNotChange() {
        HeaderTexts texts = new HeaderTexts();

        List<String> first = texts.pairs(headers("Date", "Fri, 04 Dec 2026 23:59:59 GMT", "Server", "nginx"));
        List<String> second = texts.pairs(headers("Date", "Sat, 05 Dec 2026 00:00:00 GMT", "Server", "nginx"));
        List<String> fewer = texts.pairs(headers("Date", "Sat, 05 Dec 2026 00:00:00 GMT"));

        assertThat(second).containsExactly("Date", "Sat, 05 Dec 2026 00:00:00 GMT", "Server", "nginx");
        assertThat(second).isNotSameAs(first);
        assertThat(second.get(0)).isSameAs(first.get(0));
        assertThat(second.get(3)).isSameAs(first.get(3));
        assertThat(fewer).containsExactly("Date", "Sat, 05 Dec 2026 00:00:00 GMT");
        assertThat(texts.pairs(headers())).isEmpty();
    }

    @Test
    void valuesInTheSameSlotEachComeBackAsTheyWere() {
        HeaderTexts texts = new HeaderTexts();
        String[] two = twoInOneSlot(); // a value comes as a String

        for (int round = 0; round < 3; round++) {
            assertThat(texts.text(new String(two[0]))).isEqualTo(two[0]);
            assertThat(texts.text(new String(two[1]))).isEqualTo(two[1]);
        }
    }

    @Test
    void namesInTheSameSlotEachComeBackAsTheyWere() {
        HeaderTexts texts = new HeaderTexts();
        String[] two = twoInOneSlot(); // a name comes as an AsciiString, hashed by its chars the same way

        for (int round = 0; round < 3; round++) {
            assertThat(texts.text(new AsciiString(two[0]))).isEqualTo(two[0]);
            assertThat(texts.text(new AsciiString(two[1]))).isEqualTo(two[1]);
        }
    }

    @Test
    void aNameSeenAgainComesBackAsTheCopyHeld() {
        HeaderTexts texts = new HeaderTexts();
        String first = texts.text(new AsciiString("Content-Type"));

        assertThat(texts.text(new AsciiString("Content-Type"))).isSameAs(first);
        assertThat(texts.text(new AsciiString("content-type"))).isEqualTo("content-type");
    }

    /** Returns two texts whose hashes fall in one slot of the table. */
    private static String[] twoInOneSlot() {
        Map<Integer, String> bySlot = new HashMap<>();
        for (int i = 0; ; i++) {
            String text = "x-" + i;
            int h = text.hashCode();
            String earlier = bySlot.putIfAbsent((h ^ (h >>> 16)) & (HeaderTexts.SLOTS - 1), text);
            if (earlier != null) {
                return new String[] {earlier, text};
            }
        }
    }

    @Test
    void aLongTextIsKeptAsItCame() {
        HeaderTexts texts = new HeaderTexts();
        String cookie = "c=" + "v".repeat(HeaderTexts.MAX_CACHED);
        String copy = new String(cookie);

        assertThat(texts.text(cookie)).isSameAs(cookie);
        assertThat(texts.text(copy)).isSameAs(copy);
        String shortText = new String("nginx");
        assertThat(texts.text(shortText)).isSameAs(shortText);
        assertThat(texts.text(new String("nginx"))).isSameAs(shortText);
    }
}
