package dev.fanout.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.security.SignatureException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * Each bad certificate fails a verifying client for exactly one reason: raw TLS handshakes on
 * loopback with the JDK's own trust manager, and the presented chain read apart to show that
 * nothing else is wrong with it.
 */
class ServerCertificateTest {

    private static final String NO_PATH = "unable to find valid certification path to requested target";

    @Test
    void localhostIsAcceptedWithHostNamesVerifiedAndIsAFreshEcKeyValidForAYear() throws Exception {
        try (SlowEndpoints server = SlowEndpoints.start()) {
            X509Certificate byIp = handshake(server, "127.0.0.1", server.sslContext(), true)[0];
            X509Certificate byName = handshake(server, "localhost", server.sslContext(), true)[0];

            assertThat(byName).isEqualTo(byIp);
            assertThat(byIp.getPublicKey().getAlgorithm()).isEqualTo("EC");
            // Valid from a day before it was made, for a year after.
            assertThat(Duration.between(
                            byIp.getNotBefore().toInstant(), byIp.getNotAfter().toInstant()))
                    .isEqualTo(Duration.ofDays(366));
            assertThat(byIp.getNotBefore()).isBefore(new Date());
        }
    }

    @Test
    void wrongHostFailsOnItsHostNameAlone() throws Exception {
        try (SlowEndpoints server = SlowEndpoints.builder()
                .certificate(ServerCertificate.WRONG_HOST)
                .start()) {
            assertThatThrownBy(() -> handshake(server, "127.0.0.1", server.sslContext(), true))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("No subject alternative names matching IP address 127.0.0.1 found");
            assertThatThrownBy(() -> handshake(server, "localhost", server.sslContext(), true))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("No subject alternative DNS name matching localhost found");

            // The same trust without host-name verification: the chain and the dates are good.
            X509Certificate presented = handshake(server, "127.0.0.1", server.sslContext(), false)[0];
            assertThat(names(presented)).containsExactly("wrong-host.invalid");
        }
    }

    @Test
    void expiredFailsOnItsDatesAlone() throws Exception {
        try (SlowEndpoints server =
                SlowEndpoints.builder().certificate(ServerCertificate.EXPIRED).start()) {
            assertThatThrownBy(() -> handshake(server, "127.0.0.1", server.sslContext(), true))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("validity check failed")
                    .hasRootCauseInstanceOf(CertificateExpiredException.class);

            X509Certificate presented = presented(server)[0];
            assertThat(presented.getNotAfter()).isBefore(new Date());
            assertThat(names(presented)).containsExactlyInAnyOrder("localhost", "127.0.0.1");
            // Its chain to the trusted CA holds on a day it was valid.
            PKIXParameters atThatTime = new PKIXParameters(Set.of(new TrustAnchor(testkitCa(server), null)));
            atThatTime.setRevocationEnabled(false);
            atThatTime.setDate(new Date(presented.getNotAfter().getTime() - 60_000));
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(presented)), atThatTime);
        }
    }

    @Test
    void selfSignedFailsOnItsUnknownIssuerAlone() throws Exception {
        try (SlowEndpoints caServer = SlowEndpoints.start();
                SlowEndpoints server = SlowEndpoints.builder()
                        .certificate(ServerCertificate.SELF_SIGNED)
                        .start()) {
            assertThatThrownBy(() -> handshake(server, "127.0.0.1", caServer.sslContext(), true))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasRootCauseMessage(NO_PATH);

            X509Certificate[] chain = presented(server);
            assertThat(chain).hasSize(1);
            assertThat(chain[0].getIssuerX500Principal()).isEqualTo(chain[0].getSubjectX500Principal());
            chain[0].verify(chain[0].getPublicKey()); // signed with its own key
            // Trusted as itself (its server's certificatePem()), it passes, host names verified.
            assertThat(handshake(server, "127.0.0.1", server.sslContext(), true)[0])
                    .isEqualTo(chain[0]);
        }
    }

    @Test
    void untrustedCaFailsOnItsUnknownRootAlone() throws Exception {
        try (SlowEndpoints server = SlowEndpoints.builder()
                .certificate(ServerCertificate.UNTRUSTED_CA)
                .start()) {
            assertThatThrownBy(() -> handshake(server, "127.0.0.1", server.sslContext(), true))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasRootCauseMessage(NO_PATH);

            X509Certificate leaf = presented(server)[0];
            X509Certificate testkitCa = testkitCa(server);
            leaf.checkValidity();
            assertThat(names(leaf)).containsExactlyInAnyOrder("localhost", "127.0.0.1");
            // Not self-signed: a chain to another CA, neither the testkit's nor itself.
            assertThat(leaf.getIssuerX500Principal().getName()).isEqualTo("CN=fanout testkit untrusted CA");
            assertThat(leaf.getIssuerX500Principal()).isNotEqualTo(leaf.getSubjectX500Principal());
            assertThatThrownBy(() -> leaf.verify(testkitCa.getPublicKey())).isInstanceOf(SignatureException.class);
            assertThatThrownBy(() -> leaf.verify(leaf.getPublicKey())).isInstanceOf(SignatureException.class);
        }
    }

    @Test
    void certificatesAreMadeOncePerJvm() {
        try (SlowEndpoints one = SlowEndpoints.start();
                SlowEndpoints two = SlowEndpoints.builder()
                        .certificate(ServerCertificate.UNTRUSTED_CA)
                        .start()) {
            assertThat(two.certificatePem()).isEqualTo(one.certificatePem()).isRegularFile();
        }
    }

    private static X509Certificate testkitCa(SlowEndpoints server) throws Exception {
        return (X509Certificate) server.trustStore().getCertificate("fanout-testkit-0");
    }

    private static List<String> names(X509Certificate certificate) throws Exception {
        return certificate.getSubjectAlternativeNames().stream()
                .map(san -> (String) san.get(1))
                .toList();
    }

    /** Returns the chain the server presents, read by a client that trusts anything. */
    private static X509Certificate[] presented(SlowEndpoints server) throws Exception {
        SSLContext anything = SSLContext.getInstance("TLS");
        anything.init(null, new TrustManager[] {new TrustAnything()}, null);
        return handshake(server, "127.0.0.1", anything, false);
    }

    /** Completes a TLS handshake with the server's HTTPS port; returns the chain presented. */
    private static X509Certificate[] handshake(SlowEndpoints server, String host, SSLContext tls, boolean verifyHost)
            throws Exception {
        int port = URI.create(server.httpsBaseUrl()).getPort();
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(host, port)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm(verifyHost ? "HTTPS" : null);
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return Arrays.stream(socket.getSession().getPeerCertificates())
                    .map(X509Certificate.class::cast)
                    .toArray(X509Certificate[]::new);
        }
    }

    /** Accepts every chain: only to read what a server presents. */
    private static final class TrustAnything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
