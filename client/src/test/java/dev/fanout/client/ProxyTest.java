package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link Proxy}: parsed from a URL, compared with its credentials, printed without its password. */
class ProxyTest {

    @Test
    void aUrlNamesAnHttpOrSocks5ProxyWithOptionalCredentials() {
        assertThat(Proxy.parse("http://proxy.corp:3128")).isEqualTo(Proxy.http("proxy.corp", 3128));
        assertThat(Proxy.parse("http://proxy.corp")).isEqualTo(Proxy.http("proxy.corp", 80));
        assertThat(Proxy.parse("SOCKS5://[::1]:1080")).isEqualTo(Proxy.socks5("::1", 1080));
        Proxy p = Proxy.parse("http://al%40ce:p%3Ass+w@127.0.0.1:3128/");
        assertThat(p.username()).isEqualTo("al@ce");
        assertThat(p.password()).isEqualTo("p:ss+w");
        assertThat(p.address()).isEqualTo("127.0.0.1:3128");
        assertThat(Proxy.socks5("::1", 1080).address()).isEqualTo("[::1]:1080");
    }

    @Test
    void badUrlsAreRefusedWithoutShowingThePassword() {
        assertThatThrownBy(() -> Proxy.parse("ftp://alice:s3cret@proxy:21"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: http://")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> Proxy.parse("socks5://proxy")).hasMessageContaining("no port");
        assertThatThrownBy(() -> Proxy.parse("http://proxy:3128/path")).hasMessageContaining("no path");
        assertThatThrownBy(() -> Proxy.http("proxy", 0)).hasMessage("proxy port: 0 (expected: 1..65535)");
        assertThatThrownBy(() -> Proxy.NONE.withCredentials("a", "b")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void credentialsTellProxiesApartButNeverPrint() {
        Proxy alice = Proxy.http("proxy", 3128).withCredentials("alice", "s3cret");
        assertThat(alice).isNotEqualTo(Proxy.http("proxy", 3128)).isNotEqualTo(alice.withCredentials("alice", "x"));
        assertThat(alice).isEqualTo(Proxy.parse("http://alice:s3cret@proxy:3128"));
        assertThat(alice.toString()).isEqualTo("http://alice:****@proxy:3128");
        assertThat(Proxy.NONE.toString()).isEqualTo("DIRECT");
    }
}
