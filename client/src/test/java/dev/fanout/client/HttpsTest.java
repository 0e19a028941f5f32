package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.testkit.ServerCertificate;
import dev.fanout.testkit.SlowEndpoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HTTPS verifies the chain and the host name, unless told otherwise by an option that says insecure. */
class HttpsTest {

    @Test
    void aTrustedCertificateForTheHostIsAccepted() {
        try (SlowEndpoints server = SlowEndpoints.start();
                FanoutClient client = FanoutClient.builder()
                        .trustCertificates(server.certificatePem())
                        .build()) {
            List<String> urls = List.of(
                    server.https(server.body(10)), server.https(server.body(10)).replace("127.0.0.1", "localhost"));

            List<Result> results = client.fetchAll(urls);

            assertThat(results).allSatisfy(r -> {
                assertThat(r.ok()).as("%s", r).isTrue();
                assertThat(r.timings().tls()).isPositive();
            });
        }
    }

    @Test
    void aCertificateForAnotherHostIsTls() {
        try (SlowEndpoints server = SlowEndpoints.builder()
                        .certificate(ServerCertificate.WRONG_HOST)
                        .start();
                FanoutClient client = FanoutClient.builder()
                        .trustCertificates(server.certificatePem())
                        .build()) {
            Result r = client.fetchAll(List.of(server.https(server.body(10)))).get(0);

            assertThat(r.error().kind()).isEqualTo(ErrorKind.TLS);
            assertThat(r.error().getMessage()).contains("TLS handshake").containsIgnoringCase("subject alternative");
            assertThat(server.requestCount()).isZero();
        }
    }

    @Test
    void anExpiredCertificateIsTls() {
        try (SlowEndpoints server = SlowEndpoints.builder()
                        .certificate(ServerCertificate.EXPIRED)
                        .start();
                FanoutClient client = FanoutClient.builder()
                        .trustCertificates(server.certificatePem())
                        .build()) {
            Result r = client.fetchAll(List.of(server.https(server.body(10)))).get(0);

            assertThat(r.error().kind()).isEqualTo(ErrorKind.TLS);
            assertThat(r.error().getMessage()).containsIgnoringCase("expired");
        }
    }

    @Test
    void aCertificateFromAnUnknownCaIsTls() {
        // A real chain (not self-signed), valid for the host, to a root the client is not told of.
        try (SlowEndpoints server = SlowEndpoints.builder()
                        .certificate(ServerCertificate.UNTRUSTED_CA)
                        .start();
                FanoutClient client = FanoutClient.builder()
                        .trustCertificates(server.certificatePem())
                        .build()) {
            Result r = client.fetchAll(List.of(server.https(server.body(10)))).get(0);

            assertThat(r.error().kind()).isEqualTo(ErrorKind.TLS);
            assertThat(r.error().getMessage())
                    .contains("TLS handshake")
                    .contains("unable to find valid certification path");
            assertThat(server.requestCount()).isZero();
        }
    }

    @Test
    void aSelfSignedCertificateIsTlsByDefaultAndAcceptedOnlyWhenInsecure() {
        try (SlowEndpoints server = SlowEndpoints.builder()
                        .certificate(ServerCertificate.SELF_SIGNED)
                        .start();
                SlowEndpoints caServer = SlowEndpoints.start()) {
            String url = server.https(server.body(10));
            try (FanoutClient verifying = FanoutClient.builder()
                            .trustCertificates(caServer.certificatePem())
                            .build();
                    FanoutClient jdkDefaults = FanoutClient.create();
                    FanoutClient insecure =
                            FanoutClient.builder().insecureSkipTlsVerification().build()) {
                assertThat(verifying.fetchAll(List.of(url)).get(0).error().kind())
                        .isEqualTo(ErrorKind.TLS);
                assertThat(jdkDefaults.fetchAll(List.of(url)).get(0).error().kind())
                        .isEqualTo(ErrorKind.TLS);
                assertThat(insecure.fetchAll(List.of(url)).get(0).ok()).isTrue();
            }
        }
    }

    @Test
    void insecureAlsoAcceptsAWrongHostName() {
        try (SlowEndpoints server = SlowEndpoints.builder()
                        .certificate(ServerCertificate.WRONG_HOST)
                        .start();
                FanoutClient client =
                        FanoutClient.builder().insecureSkipTlsVerification().build()) {
            assertThat(client.fetchAll(List.of(server.https(server.body(10))))
                            .get(0)
                            .ok())
                    .isTrue();
        }
    }

    @Test
    void aPemFileThatCannotBeReadFailsTheBuilder() {
        assertThatThrownBy(() -> FanoutClient.builder()
                        .trustCertificates(Path.of("/no/such/file.pem"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trustCertificates")
                .hasMessageContaining("/no/such/file.pem");
    }

    @Test
    void aTlsConnectionIsReused() {
        try (SlowEndpoints server = SlowEndpoints.start();
                FanoutClient client = FanoutClient.builder()
                        .trustCertificates(server.certificatePem())
                        .requestTimeout(Duration.ofSeconds(10))
                        .build()) {
            client.fetchAll(List.of(server.https(server.body(1))));
            Result second =
                    client.fetchAll(List.of(server.https(server.body(2)))).get(0);

            assertThat(second.ok()).isTrue();
            assertThat(second.timings().tls()).isZero();
        }
    }
}
