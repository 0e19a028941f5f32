package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each case runs the same steps on a {@link FlatHeaders} and on Netty's own header set, and compares. */
class FlatHeadersTest {

    private static final String[] NAMES = {"Content-Length", "content-length", "X-Id", "x-ID", "Set-Cookie", "Vary"};
    private static final Object[] VALUES = {"1", " 2 ", "2", "a, b", "x\tb", "", new AsciiString("chunked"), 42, "gzip"
    };

    private static HttpHeaders flat() {
        return FlatHeaders.HEADS.newHeaders();
    }

    private static HttpHeaders netty() {
        return DefaultHttpHeadersFactory.headersFactory().newHeaders();
    }

    @Test
    void randomStepsLeaveBothSetsAlike() {
        Random random = new Random(7);
        for (int round = 0; round < 2_000; round++) {
            HttpHeaders flat = flat();
            HttpHeaders netty = netty();
            for (int step = 0; step < 12; step++) {
                String name = NAMES[random.nextInt(NAMES.length)];
                Object value = VALUES[random.nextInt(VALUES.length)];
                int kind = random.nextInt(6);
                Throwable ours = catchThrowable(() -> step(flat, kind, name, value));
                Throwable theirs = catchThrowable(() -> step(netty, kind, name, value));
                assertThat(ours == null ? null : ours.getMessage())
                        .isEqualTo(theirs == null ? null : theirs.getMessage());
                assertAlike(flat, netty);
            }
            flat.clear();
            netty.clear();
            assertAlike(flat, netty);
        }
    }

    private static void step(HttpHeaders headers, int kind, String name, Object value) {
        switch (kind) {
            case 0, 1, 2 -> headers.add(name, value);
            case 3 -> headers.set(name, value);
            case 4 -> headers.remove(name);
            default -> headers.set(name, List.of(value, "z"));
        }
    }

    private static void assertAlike(HttpHeaders flat, HttpHeaders netty) {
        assertThat(flat.size()).isEqualTo(netty.size());
        assertThat(flat.isEmpty()).isEqualTo(netty.isEmpty());
        assertThat(flat.entries()).isEqualTo(netty.entries());
        assertThat(texts(flat.iteratorCharSequence())).isEqualTo(texts(netty.iteratorCharSequence()));
        assertThat(flat.names()).containsExactlyInAnyOrderElementsOf(netty.names());
        for (String name : NAMES) {
            assertThat(flat.get(name)).as(name).isEqualTo(netty.get(name));
            assertThat(flat.getAll(name)).as(name).isEqualTo(netty.getAll(name));
            assertThat(flat.contains(name)).as(name).isEqualTo(netty.contains(name));
            assertThat(flat.getInt(name)).as(name).isEqualTo(netty.getInt(name));
            assertThat(flat.containsValue(name, "b", true)).isEqualTo(netty.containsValue(name, "b", true));
        }
    }

    @Test
    void listValuesAreSearchedAsNettySearchesThem() {
        String[] lists = {
            "close",
            "Close",
            "close ",
            "keep-alive,  close ",
            "close,keep-alive",
            "a,,close",
            "a, b,",
            ",",
            "",
            "a, ",
            "a,",
            ",a",
            "closed",
            "clos",
            "x\tclose\t",
            "gzip , chunked",
            "CHUNKED",
            "a , ,b"
        };
        CharSequence[] items = {"close", "CLOSE", "chunked", "a", "b", "", new AsciiString("Close")};
        for (String first : lists) {
            for (String second : lists) {
                HttpHeaders flat =
                        flat().add("Connection", first).add("X-Other", "close").add("connection", second);
                HttpHeaders netty =
                        netty().add("Connection", first).add("X-Other", "close").add("connection", second);
                for (CharSequence item : items) {
                    for (boolean ignoreCase : new boolean[] {true, false}) {
                        assertThat(flat.containsValue("CONNECTION", item, ignoreCase))
                                .as("[%s] [%s] has %s (ignoring case: %s)", first, second, item, ignoreCase)
                                .isEqualTo(netty.containsValue("CONNECTION", item, ignoreCase));
                    }
                }
            }
        }
        assertThat(flat().add("Connection", "close").containsValue("Upgrade", "close", true))
                .isFalse();
    }

    private static List<String> texts(java.util.Iterator<Map.Entry<CharSequence, CharSequence>> it) {
        List<String> all = new ArrayList<>();
        it.forEachRemaining(e -> all.add(e.getKey() + ": " + e.getValue()));
        return all;
    }

    @Test
    void numbersAndDatesReadAsNettyReadsThem() {
        Date date = new Date(1_700_000_000_000L);
        for (HttpHeaders headers : List.of(flat(), netty())) {
            headers.addInt("n", 7).addShort("s", (short) 3).add("Date", date).add("bad", "x1");
        }
        HttpHeaders flat =
                flat().addInt("n", 7).addShort("s", (short) 3).add("Date", date).add("bad", "x1");
        HttpHeaders netty = netty().addInt("n", 7)
                .addShort("s", (short) 3)
                .add("Date", date)
                .add("bad", "x1");
        assertThat(flat.entries()).isEqualTo(netty.entries());
        assertThat(flat.getInt("n")).isEqualTo(7);
        assertThat(flat.getShort("s")).isEqualTo((short) 3);
        assertThat(flat.getInt("bad")).isNull();
        assertThat(flat.getInt("bad", -1)).isEqualTo(-1);
        assertThat(flat.getTimeMillis("Date"))
                .isEqualTo(netty.getTimeMillis("Date"))
                .isEqualTo(date.getTime());
        assertThat(flat.getTimeMillis("bad", -1)).isEqualTo(-1);
        assertThat(flat.setInt("n", 8).get("N")).isEqualTo("8");
    }

    @Test
    void badNamesAndValuesFailWithNettysOwnWords() {
        for (String[] header : new String[][] {{"Bad Name", "v"}, {"", "v"}, {"ok", "a\nb"}, {"ok", "\u0000"}}) {
            Throwable ours = catchThrowable(() -> flat().add(header[0], header[1]));
            Throwable theirs = catchThrowable(() -> netty().add(header[0], header[1]));
            assertThat(ours).as(header[0]).isNotNull().hasMessage(theirs.getMessage());
            assertThat(ours.getCause() == null ? null : ours.getCause().getMessage())
                    .isEqualTo(
                            theirs.getCause() == null ? null : theirs.getCause().getMessage());
            assertThat(catchThrowable(() -> flat().set(header[0], header[1]))).hasMessage(theirs.getMessage());
        }
    }

    @Test
    void trailersRefuseTheFramingHeadersAsNettysTrailersDo() {
        HttpHeaders trailers = FlatHeaders.TRAILERS.newHeaders();
        Throwable theirs = catchThrowable(
                () -> DefaultHttpHeadersFactory.trailersFactory().newHeaders().add("Content-Length", "1"));
        assertThatThrownBy(() -> trailers.add("Content-Length", "1")).hasMessage(theirs.getMessage());
        assertThatThrownBy(() -> trailers.add("transfer-encoding", "chunked")).hasMessageContaining("prohibited");
        assertThat(trailers.add("X-Checksum", "1").get("x-checksum")).isEqualTo("1");
        assertThat(FlatHeaders.HEADS.newHeaders().add("Content-Length", "1").size())
                .isEqualTo(1);
    }
}
