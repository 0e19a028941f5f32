package dev.fanout.client.internal;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
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
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * The TLS client contexts: the JDK's TLS with the chain verified and the host name checked
 * ({@code HTTPS} endpoint identification), SNI sent for host names, and, for a client that may
 * speak HTTP/2, ALPN offering {@code h2} then {@code http/1.1} (the connector reads what the
 * server picked). The contexts every client can share are made once, on first use.
 */
public final class TlsContexts {

    /** The protocols offered by ALPN, most preferred first. */
    private static final ApplicationProtocolConfig ALPN = new ApplicationProtocolConfig(
            ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_2,
            ApplicationProtocolNames.HTTP_1_1);

    private TlsContexts() {}

    /**
     * Returns the context a client's options choose, made once: any certificate when
     * {@code insecure}, else exactly those in {@code trustedPem} when given, else the JDK's
     * defaults; ALPN offers {@code h2} when {@code alpn}.
     *
     * @throws IllegalArgumentException if the trusted certificates cannot be read
     */
    public static Supplier<SslContext> chosen(boolean insecure, Path trustedPem, boolean alpn) {
        if (insecure) {
            return () -> insecure(alpn);
        }
        if (trustedPem != null) {
            SslContext trusting = trusting(trustedPem, alpn);
            return () -> trusting;
        }
        return () -> jdkDefault(alpn);
    }

    /**
     * Returns the context that trusts the JDK's default certificate authorities, offering
     * {@code h2} by ALPN when {@code alpn}.
     */
    public static SslContext jdkDefault(boolean alpn) {
        return alpn ? DefaultHolder.ALPN_CONTEXT : DefaultHolder.CONTEXT;
    }

    /** Returns the context that accepts any certificate and any host name. Tests only. */
    public static SslContext insecure(boolean alpn) {
        return alpn ? InsecureHolder.ALPN_CONTEXT : InsecureHolder.CONTEXT;
    }

    /**
     * Returns a context that trusts exactly the certificates in {@code pemFile}, offering
     * {@code h2} by ALPN when {@code alpn}.
     *
     * @throws IllegalArgumentException if the file cannot be read or holds no certificate
     */
    public static SslContext trusting(Path pemFile, boolean alpn) {
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
        return build(SslContextBuilder.forClient().trustManager(certificates), "HTTPS", alpn);
    }

    private static SslContext build(SslContextBuilder builder, String endpointIdentification, boolean alpn) {
        if (alpn) {
            builder.applicationProtocolConfig(ALPN);
        }
        try {
            return builder.sslProvider(SslProvider.JDK)
                    .endpointIdentificationAlgorithm(endpointIdentification)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static final class DefaultHolder {
        static final SslContext CONTEXT = build(SslContextBuilder.forClient(), "HTTPS", false);
        static final SslContext ALPN_CONTEXT = build(SslContextBuilder.forClient(), "HTTPS", true);
    }

    private static final class InsecureHolder {
        static final SslContext CONTEXT =
                build(SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE), null, false);
        static final SslContext ALPN_CONTEXT =
                build(SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE), null, true);
    }
}
