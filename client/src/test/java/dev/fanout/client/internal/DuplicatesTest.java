package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which requests of a batch are identical GETs: same method, URL, headers and timeout, no body. */
class DuplicatesTest {

    private static ExchangeSpec spec(String method, String url, List<String> headers, String body) {
        return new ExchangeSpec(
                Target.parse(url),
                method,
                headers,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                1_000_000_000L);
    }

    private static ExchangeSpec get(String url) {
        return spec("GET", url, List.of(), null);
    }

    @Test
    void identicalGetsFollowTheFirstInTurn() {
        Duplicates d = Duplicates.find(new ExchangeSpec[] {
            get("http://a.test/x"), get("http://a.test/y"), get("http://a.test/x"), null, get("http://a.test/x")
        });
        assertThat(d).isNotNull();
        assertThat(d.follows(0)).isFalse();
        assertThat(d.follows(1)).isFalse();
        assertThat(d.follows(2)).isTrue();
        assertThat(d.follows(3)).isFalse();
        assertThat(d.follows(4)).isTrue();
        assertThat(d.next(0)).isEqualTo(2);
        assertThat(d.next(2)).isEqualTo(4);
        assertThat(d.next(4)).isEqualTo(-1);
        assertThat(d.next(1)).isEqualTo(-1);
    }

    @Test
    void requestsThatDifferInMethodHeadersOrBodyAreEachSent() {
        assertThat(Duplicates.find(new ExchangeSpec[] {
                    get("http://a.test/x"),
                    spec("HEAD", "http://a.test/x", List.of(), null),
                    spec("GET", "http://a.test/x", List.of("Accept", "text/plain"), null),
                    spec("POST", "http://a.test/x", List.of(), "1"),
                    spec("POST", "http://a.test/x", List.of(), "1"),
                    spec("DELETE", "http://a.test/x", List.of(), null),
                    spec("DELETE", "http://a.test/x", List.of(), null),
                    get("http://a.test/x?page=2")
                }))
                .as("nothing to coalesce")
                .isNull();
    }
}
