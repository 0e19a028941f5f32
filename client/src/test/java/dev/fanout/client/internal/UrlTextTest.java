package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** URLs as text: the password hidden, non-ASCII made fit for the wire, Basic credentials. */
class UrlTextTest {

    @Test
    void onlyThePasswordOfTheAuthorityIsHidden() {
        assertThat(UrlText.redact("http://alice:secret@h:81/p")).isEqualTo("http://alice:****@h:81/p");
        assertThat(UrlText.redact("https://alice:p:w@d@h/")).isEqualTo("https://alice:****@h/");
        assertThat(UrlText.redact("http://alice@h/")).isEqualTo("http://alice@h/");
        assertThat(UrlText.redact("http://h/?mail=a:b@c")).isEqualTo("http://h/?mail=a:b@c");
        assertThat(UrlText.redact("/path?u=http://a:b@c")).isEqualTo("/path?u=http://a:b@c");
        assertThat(UrlText.redact(null)).isNull();
    }

    @Test
    void aUrlWithNothingToDoIsReturnedAsItIs() {
        String url = "http://h/plain?q=1";
        assertThat(UrlText.redact(url)).isSameAs(url);
        assertThat(UrlText.toAscii(url)).isSameAs(url);
    }

    @Test
    void nonAsciiIsPercentEncodedOutsideTheHostAndPunycodedInIt() {
        assertThat(UrlText.toAscii(
                        "http://j\u00f6rg:p\u00e4ss@m\u00fcnchen.example:8080/stra\u00dfe?q=\uD83D\uDE00#f\u00fc"))
                .isEqualTo("http://j%C3%B6rg:p%C3%A4ss@xn--mnchen-3ya.example:8080/stra%C3%9Fe?q=%F0%9F%98%80#f%C3%BC");
        assertThat(UrlText.toAscii("http://[::1]:80/\u00e9")).isEqualTo("http://[::1]:80/%C3%A9");
    }

    @Test
    void basicCredentialsArePercentDecodedUtf8() {
        assertThat(UrlText.basicAuthorization("alice:secret")).isEqualTo("Basic YWxpY2U6c2VjcmV0");
        assertThat(UrlText.basicAuthorization("alice")).isEqualTo("Basic YWxpY2U6"); // "alice:"
        assertThat(UrlText.basicAuthorization("a%40b:%C3%A9%zz"))
                .isEqualTo("Basic "
                        + Base64.getEncoder().encodeToString("a@b:\u00e9%zz".getBytes(StandardCharsets.UTF_8)));
    }
}
