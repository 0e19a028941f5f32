package dev.fanout.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The JDK's java.net.http.HttpClient over HTTP/2: {@code version(HTTP_2)}, sendAsync for each
 * URL, then allOf. It has no limit on requests or connections to raise: it speaks HTTP/2 to an
 * origin over one connection.
 */
final class JdkHttp2Contender implements Http2Contender {

    private final HttpClient client;

    JdkHttp2Contender(Path trustedPem) {
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .sslContext(sslContext(trustedPem))
                .connectTimeout(REQUEST_TIMEOUT)
                .build();
    }

    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public BatchOutcome fetchAll(List<String> urls) {
        String[] problems = new String[urls.size()];
        CompletableFuture<?>[] futures = new CompletableFuture<?>[urls.size()];
        for (int i = 0; i < futures.length; i++) {
            int index = i;
            futures[i] = client.sendAsync(
                            HttpRequest.newBuilder(URI.create(urls.get(i)))
                                    .timeout(REQUEST_TIMEOUT)
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray())
                    .handle((response, error) -> {
                        problems[index] = error != null ? BatchOutcome.describe(error) : problem(response);
                        return null;
                    });
        }
        // allOf's join orders each handler's write to problems before the reads in of().
        CompletableFuture.allOf(futures).join();
        return BatchOutcome.of(urls, problems);
    }

    private static String problem(HttpResponse<byte[]> response) {
        return response.statusCode() == 200 && response.version() == HttpClient.Version.HTTP_2
                ? null
                : BatchOutcome.describeAnswer(
                        response.statusCode(), response.version().toString());
    }

    @Override
    public void close() {
        // java.net.http.HttpClient has no close() before Java 21: the run drops it and asks for a
        // collection, after which its selector thread ends and its connections close.
    }

    /** Returns a TLS context that trusts exactly the certificates in {@code pem}. */
    static SSLContext sslContext(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate certificate :
                    CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("trusted-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + pem + ": " + e, e);
        }
    }
}
