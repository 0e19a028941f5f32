package dev.fanout.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** HTTPS with a certificate a client can trust, and the bad certificates a client must refuse. */
class HttpsTest {

    @Test
    void httpsWorksWithHostNameVerificationOnWhenTheClientTrustsTheTestkitCertificate() throws Exception {
        try (SlowEndpoints server = SlowEndpoints.start()) {
            String url = server.https(server.delayed(Duration.ofMillis(50)));

            HttpResponse<String> response = Http.http1(server).get(url);

            assertThat(url).startsWith(server.httpsBaseUrl()).startsWith("https://127.0.0.1:");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.sslSession()).isPresent();
            X509Certificate presented =
                    (X509Certificate) response.sslSession().get().getPeerCertificates()[0];
            assertThat(presented.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        }
    }

    @Test
    void localhostNameIsAlsoCoveredByTheCertificate() throws Exception {
        try (SlowEndpoints server = SlowEndpoints.start()) {
            X509Certificate presented;
            String url = server.https(server.status(204)).replace("127.0.0.1", "localhost");
            HttpResponse<String> response = Http.http1(server).get(url);
            presented = (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];

            assertThat(response.statusCode()).isEqualTo(204);
            assertThat(presented.getSubjectAlternativeNames())
                    .extracting(san -> (Object) san.get(1))
                    .containsExactlyInAnyOrder((Object) "localhost", "127.0.0.1");
        }
    }

    @Test
    void theJdkDefaultTrustRejectsTheTestkitCertificate() throws Exception {
        try (SlowEndpoints server = SlowEndpoints.start()) {
            Http defaults = Http.with(SSLContext.getDefault(), HttpClient.Version.HTTP_1_1);

            assertThatThrownBy(() -> defaults.get(server.https(server.status(200))))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void wrongHostCertificateIsRejectedForItsHostNameAlone() throws Exception {
        try (SlowEndpoints server = SlowEndpoints.builder()
                .certificate(ServerCertificate.WRONG_HOST)
                .start()) {
            assertThatThrownBy(() -> Http.http1(server).get(server.https(server.status(200))))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("127.0.0.1");
        }
    }

    @Test
    void expiredCertificateIsRejectedAsExpired() throws Exception {
        try (SlowEndpoints server =
                SlowEndpoints.builder().certificate(ServerCertificate.EXPIRED).start()) {
            assertThatThrownBy(() -> Http.http1(server).get(server.https(server.status(200))))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasStackTraceContaining("expired");
        }
    }

    @Test
    void selfSignedCertificateIsRejectedByAClientThatTrustsTheTestkitCa() throws Exception {
        try (SlowEndpoints trusted = SlowEndpoints.start();
                SlowEndpoints selfSigned = SlowEndpoints.builder()
                        .certificate(ServerCertificate.SELF_SIGNED)
                        .start()) {
            String url = selfSigned.https(selfSigned.status(200));

            assertThatThrownBy(() -> Http.http1(trusted).get(url)).isInstanceOf(SSLHandshakeException.class);
            assertThat(Http.http1(selfSigned).get(url).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void untrustedCaCertificateIsRejectedForItsUnknownRoot() throws Exception {
        try (SlowEndpoints server = SlowEndpoints.builder()
                .certificate(ServerCertificate.UNTRUSTED_CA)
                .start()) {
            assertThatThrownBy(() -> Http.http1(server).get(server.https(server.status(200))))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasStackTraceContaining("unable to find valid certification path");
            assertThat(server.requestCount()).isZero();
        }
    }

    @Test
    void certificatePemIsAReadablePemFileOfTheCertificateToTrust() throws Exception {
        try (SlowEndpoints server = SlowEndpoints.start()) {
            String pem = Files.readString(server.certificatePem());

            assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(server.trustStore().size()).isEqualTo(1);
            assertThat(server.certificate()).isEqualTo(ServerCertificate.LOCALHOST);
        }
    }

    @Test
    void http2IsOfferedOnlyWhenAskedFor() throws Exception {
        try (SlowEndpoints plain = SlowEndpoints.start();
                SlowEndpoints h2 = SlowEndpoints.builder().http2(true).start()) {
            Http client = Http.with(plain.sslContext(), HttpClient.Version.HTTP_2);

            assertThat(client.get(plain.https(plain.status(200))).version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(client.get(h2.https(h2.status(200))).version()).isEqualTo(HttpClient.Version.HTTP_2);
        }
    }

    @Test
    void httpsCanBeTurnedOff() {
        try (SlowEndpoints server = SlowEndpoints.builder().https(false).start()) {
            assertThatThrownBy(server::httpsBaseUrl)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("https is off");
        }
    }
}
