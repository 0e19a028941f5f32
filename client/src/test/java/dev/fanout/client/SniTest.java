package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.testkit.internal.TestCertificates;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** The client names the host it wants in the TLS handshake (SNI), as servers behind one IP need. */
class SniTest {

    @Test
    void theHostNameIsSentInTheHandshake() throws Exception {
        // The testkit's localhost certificate and key, served by a plain JDK TLS server that records the SNI.
        KeyStore keys = KeyStore.getInstance(TestCertificates.KEYSTORE_TYPE);
        try (InputStream in = Files.newInputStream(TestCertificates.localhost().keyStore())) {
            keys.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, TestCertificates.PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);

        CompletableFuture<String> sni = new CompletableFuture<>();
        try (SSLServerSocket server = (SSLServerSocket)
                tls.getServerSocketFactory().createServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            SSLParameters params = server.getSSLParameters();
            params.setSNIMatchers(List.of(new SNIMatcher(0) {
                @Override
                public boolean matches(SNIServerName name) {
                    sni.complete(((SNIHostName) name).getAsciiName());
                    return true;
                }
            }));
            server.setSSLParameters(params);
            Thread answer = new Thread(() -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    InputStream in = s.getInputStream();
                    int last = 0;
                    for (int b; (b = in.read()) != -1 && (last = (last << 8) | b) != 0x0d0a0d0a; ) {
                        // read the request head
                    }
                    OutputStream out = s.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (Exception ignored) {
                    // the test fails on its own assertions
                }
            });
            answer.setDaemon(true);
            answer.start();

            // The JDK sends SNI only for names with a dot; *.localhost is loopback without DNS. The
            // certificate is for localhost alone, so only an insecure client completes the request.
            try (FanoutClient client =
                    FanoutClient.builder().insecureSkipTlsVerification().build()) {
                Result r = client.fetchAll(List.of("https://api.localhost:" + server.getLocalPort() + "/"))
                        .get(0);

                assertThat(r.ok()).as("%s", r).isTrue();
                assertThat(sni.get(5, TimeUnit.SECONDS)).isEqualTo("api.localhost");
            }
            answer.join(5_000);
        }
    }
}
