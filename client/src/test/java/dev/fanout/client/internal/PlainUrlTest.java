package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The plain URL's way without {@code java.net.URI} gives the URI's answer or none: for every
 * URL made from the pieces below (about 650,000, odd ones on purpose), either it declines, or
 * the URI's way accepts the URL and gives the same target.
 */
class PlainUrlTest {

    private static final String[] SCHEMES = {"http://", "https://", "HTTP://", "Https://", "ftp://", "http:/", ""};
    private static final String[] HOSTS = {
        "a",
        "localhost",
        "example.com",
        "api.example.com",
        "x-y.z",
        "a1.b2",
        "1abc.com",
        "-a.com",
        "a-.com",
        "a..b",
        "a.b.",
        ".a",
        "1.2.3.4",
        "0.0.0.0",
        "255.255.255.255",
        "256.1.1.1",
        "01.2.3.4",
        "1.2.3",
        "1.2.3.4.5",
        "1.2.3.",
        "123",
        "a.123",
        "a.1b",
        "Example.com",
        "a_b.com",
        "[::1]",
        "user@h",
        "u:p@h",
        "",
        "xn--bcher-kva.example"
    };
    private static final String[] PORTS = {
        "", ":", ":0", ":1", ":80", ":443", ":8080", ":65535", ":65536", ":00080", ":123456", ":x", ":80@h"
    };
    private static final String[] PATHS = {
        "",
        "/",
        "/a",
        "/a/b/",
        "/held/250/17",
        "/a%20b",
        "/a%2",
        "/a%zz",
        "/%C3%A4",
        "/a b",
        "/~u/*!'()",
        "/a;b=c",
        "/:@&=+$,",
        "/a|b",
        "/a[b]",
        "/a\"b",
        "/{x}",
        "/\u00e9",
        "/a\\b",
        "//x"
    };
    private static final String[] QUERIES = {
        "", "?", "?x=1", "?x=1&y=2", "?a=b?c", "?q=%41", "?q=%4", "?q=[1]", "?q=a b", "#f", "?x#f", "?/a:b@c"
    };

    @Test
    void everyUrlItTakesApartIsTakenApartAlikeByTheUrisWay() {
        int plain = 0;
        int all = 0;
        List<String> differ = new ArrayList<>();
        for (String scheme : SCHEMES) {
            for (String host : HOSTS) {
                for (String port : PORTS) {
                    for (String path : PATHS) {
                        for (String query : QUERIES) {
                            String url = scheme + host + port + path + query;
                            all++;
                            Target fast = PlainUrl.parse(url, null);
                            if (fast == null) {
                                continue;
                            }
                            plain++;
                            Object slow;
                            try {
                                slow = Target.parseWithUri(url, null);
                            } catch (IllegalArgumentException e) {
                                slow = e.getMessage();
                            }
                            if (!fast.equals(slow)) {
                                differ.add(url + ": " + fast + " against " + slow);
                            }
                        }
                    }
                }
            }
        }
        assertThat(differ).isEmpty();
        assertThat(all).isGreaterThan(600_000);
        assertThat(plain).as("URLs it took apart").isGreaterThan(10_000);
    }

    @Test
    void theUrlsOfABatchAreTakenApartWithoutAUriAndShareTheirOrigin() {
        Target first = Target.parse("http://127.0.0.1:8080/held/250/1");
        Target second = Target.parse("http://127.0.0.1:8080/held/250/2?x=1", first);

        assertThat(PlainUrl.parse("http://127.0.0.1:8080/held/250/1", null)).isEqualTo(first);
        assertThat(second.origin()).isSameAs(first.origin());
        assertThat(second.pathAndQuery()).isEqualTo("/held/250/2?x=1");
        assertThat(Target.parse("https://api.example.com?q=1", second).origin())
                .isEqualTo(new Origin("https", "api.example.com", 443))
                .isNotSameAs(first.origin());
        assertThat(Target.parse("https://api.example.com?q=1").pathAndQuery()).isEqualTo("/?q=1");
        assertThat(Target.parse("http://localhost").pathAndQuery()).isEqualTo("/");
    }

    @Test
    void whatItDeclinesTheUrisWayStillTakesApartOrRefuses() {
        assertThat(PlainUrl.parse("HTTPS://Api.Example.com/users?id=1#top", null))
                .isNull();
        assertThat(Target.parse("HTTPS://Api.Example.com/users?id=1#top").pathAndQuery())
                .isEqualTo("/users?id=1");
        assertThat(PlainUrl.parse("http://alice:secret@h/a", null)).isNull();
        assertThat(Target.parse("http://alice:secret@h/a").userInfo()).isEqualTo("alice:secret");
        assertThat(PlainUrl.parse("http://h:0/", null)).isNull();
        assertThat(PlainUrl.parse("http://h/a%zz", null)).isNull();
    }
}
