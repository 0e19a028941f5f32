package dev.fanout.client.internal;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The TLS client contexts: the JDK's TLS with the chain verified and the host name checked
 * ({@code HTTPS} endpoint identification), SNI sent for host names. The two contexts every
 * client can share are made once, on first use.
 */
public final class TlsContexts {

    private TlsContexts() {}

    /** Returns the context that trusts the JDK's default certificate authorities. */
    public static SslContext jdkDefault() {
        return DefaultHolder.CONTEXT;
    }

    /** Returns the context that accepts any certificate and any host name. Tests only. */
    public static SslContext insecure() {
        return InsecureHolder.CONTEXT;
    }

    /**
     * Returns a context that trusts exactly the certificates in {@code pemFile}.
     *
     * @throws IllegalArgumentException if the file cannot be read or holds no certificate
     */
    public static SslContext trusting(Path pemFile) {
        List<X509Certificate> certificates = new ArrayList<>();
        try (InputStream in = Files.newInputStream(pemFile)) {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            factory.generateCertificates(in).forEach(c -> certificates.add((X509Certificate) c));
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("trustCertificates: cannot read " + pemFile + ": " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(
                    "trustCertificates: " + pemFile + " holds no certificate (expected: PEM)");
        }
        return build(SslContextBuilder.forClient().trustManager(certificates), "HTTPS");
    }

    private static SslContext build(SslContextBuilder builder, String endpointIdentification) {
        try {
            return builder.sslProvider(SslProvider.JDK)
                    .endpointIdentificationAlgorithm(endpointIdentification)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static final class DefaultHolder {
        static final SslContext CONTEXT = build(SslContextBuilder.forClient(), "HTTPS");
    }

    private static final class InsecureHolder {
        static final SslContext CONTEXT =
                build(SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE), null);
    }
}
