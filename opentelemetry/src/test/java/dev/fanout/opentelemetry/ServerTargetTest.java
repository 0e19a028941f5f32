package dev.fanout.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link ServerTarget} reads the server and a credential-free URL from what the client is given. */
class ServerTargetTest {

    @Test
    void theSchemesDefaultPortIsTheServerPortWhenTheUrlNamesNone() {
        assertThat(ServerTarget.of("https://api.example.com/users?id=1"))
                .isEqualTo(new ServerTarget("https://api.example.com/users?id=1", "api.example.com", 443));
        assertThat(ServerTarget.of("http://api.example.com"))
                .isEqualTo(new ServerTarget("http://api.example.com", "api.example.com", 80));
    }

    @Test
    void anIpv6LiteralLosesItsBracketsAndKeepsItsPort() {
        assertThat(ServerTarget.of("http://[::1]:8081/x"))
                .isEqualTo(new ServerTarget("http://[::1]:8081/x", "::1", 8081));
        assertThat(ServerTarget.of("https://[::1]/x")).isEqualTo(new ServerTarget("https://[::1]/x", "::1", 443));
    }

    @Test
    void userInformationIsRedactedWholeAsTheConventionsAsk() {
        assertThat(ServerTarget.of("https://alice:****@host.example:8443/a@b"))
                .isEqualTo(new ServerTarget("https://REDACTED:REDACTED@host.example:8443/a@b", "host.example", 8443));
    }

    @Test
    void whatIsNotAUrlNamesNoServer() {
        assertThat(ServerTarget.of("ftp:nope")).isEqualTo(new ServerTarget("ftp:nope", null, -1));
        assertThat(ServerTarget.of("http://host:port/")).isEqualTo(new ServerTarget("http://host:port/", "host", -1));
    }
}
