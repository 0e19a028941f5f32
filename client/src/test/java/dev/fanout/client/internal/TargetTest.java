package dev.fanout.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** URLs checked and taken apart on the caller's thread. */
class TargetTest {

    @Test
    void aUrlIsTakenApartIntoOriginAndRequestTarget() {
        Target t = Target.parse("HTTPS://Api.Example.com/users?id=1#top");

        assertThat(t.origin()).isEqualTo(new Origin("https", "api.example.com", 443));
        assertThat(t.pathAndQuery()).isEqualTo("/users?id=1");
        assertThat(t.origin().hostHeader()).isEqualTo("api.example.com");
    }

    @Test
    void anEmptyPathIsTheRootAndAPortIsKept() {
        Target t = Target.parse("http://127.0.0.1:8081");

        assertThat(t.pathAndQuery()).isEqualTo("/");
        assertThat(t.origin().hostHeader()).isEqualTo("127.0.0.1:8081");
    }

    @Test
    void anIpv6LiteralLosesItsBracketsButTheHostHeaderKeepsThem() {
        Target t = Target.parse("http://[::1]:9000/x");

        assertThat(t.origin().host()).isEqualTo("::1");
        assertThat(t.origin().hostHeader()).isEqualTo("[::1]:9000");
    }

    @Test
    void anInternationalHostNameIsSentInPunycode() {
        Target t = Target.parse("http://B\u00fccher.example:8080/\u00e4");

        assertThat(t.origin().host()).isEqualTo("xn--bcher-kva.example");
        assertThat(t.origin().hostHeader()).isEqualTo("xn--bcher-kva.example:8080");
        assertThat(t.pathAndQuery()).isEqualTo("/%C3%A4");
        assertThat(t.url()).isEqualTo("http://B\u00fccher.example:8080/\u00e4"); // as given
    }

    @Test
    void aMalformedUrlsMessageHidesItsPassword() {
        assertThatThrownBy(() -> Target.parse("http://alice:secret@h/a b"))
                .hasMessageStartingWith("malformed URL")
                .hasMessageNotContaining("secret")
                .hasMessageContaining("alice:****@h/a b");
    }

    @Test
    void badUrlsSayWhatIsWrong() {
        assertThatThrownBy(() -> Target.parse("http://has space/")).hasMessageStartingWith("malformed URL");
        assertThatThrownBy(() -> Target.parse("ftp://x/")).hasMessageContaining("unsupported scheme 'ftp'");
        assertThatThrownBy(() -> Target.parse("/just/a/path")).hasMessageContaining("no scheme");
        assertThatThrownBy(() -> Target.parse("http:///path")).hasMessageContaining("no host");
        assertThatThrownBy(() -> Target.parse("mailto:a@b.c")).hasMessageContaining("unsupported scheme");
        assertThatThrownBy(() -> Target.parse("http://x:99999/")).hasMessageContaining("port");
    }

    @Test
    void aLocationIsResolvedAgainstTheTarget() {
        Target t = Target.parse("http://a.example/dir/page?q=1");

        assertThat(t.resolve("other").url()).isEqualTo("http://a.example/dir/other");
        assertThat(t.resolve("/root#frag").url()).isEqualTo("http://a.example/root");
        assertThat(t.resolve("https://b.example/").origin().host()).isEqualTo("b.example");
        assertThat(Target.parse("http://a.example").resolve("x").url()).isEqualTo("http://a.example/x");
    }

    @Test
    void aTargetSharesTheOriginOfTheOneBeforeWhenItIsTheSame() {
        Target first = Target.parse("http://api.example/a");

        assertThat(Target.parse("HTTP://API.example:80/b?x=1", first).origin()).isSameAs(first.origin());
        Target otherPort = Target.parse("http://api.example:8080/a", first);
        assertThat(otherPort.origin()).isNotSameAs(first.origin()).isEqualTo(new Origin("http", "api.example", 8080));
        assertThat(Target.parse("https://api.example/a", first).origin())
                .isEqualTo(new Origin("https", "api.example", 443));
        assertThat(Target.parse("http://web.example/a", first).origin())
                .isEqualTo(new Origin("http", "web.example", 80));
        assertThat(Target.parse("http://api.example/a", null).origin())
                .isNotSameAs(first.origin())
                .isEqualTo(first.origin());
    }

    @Test
    void aLocationIsResolvedAgainstTheUrlAsSentWhenItWasGivenWithNonAsciiText() {
        Target t = Target.parse("http://B\u00fccher.example/\u00e4/page");

        assertThat(t.resolve("next").url()).isEqualTo("http://xn--bcher-kva.example/%C3%A4/next");
    }

    @Test
    void theUserAndPasswordInTheUrlBecomeBasicAuthorization() {
        assertThat(Target.parse("http://alice:secret@h.example/").basicAuthorization())
                .isEqualTo("Basic YWxpY2U6c2VjcmV0");
        assertThat(Target.parse("http://h.example/").basicAuthorization()).isNull();
    }
}
