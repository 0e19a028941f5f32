package dev.fanout.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The testkit's pre-generated TLS files (see {@code testkit/tls/generate.sh}), copied out of the
 * jar into one temporary directory per JVM so that WireMock and clients can read them by path.
 *
 * <p>Thread-safe: files are copied once, on first use.
 */
public final class TlsFiles {

    /** The password of every keystore the testkit ships. */
    public static final String PASSWORD = "fanout-testkit";

    private static final String RESOURCES = "/dev/fanout/testkit/tls/";
    private static final Map<String, Path> COPIED = new ConcurrentHashMap<>();
    private static volatile Path directory;

    private TlsFiles() {}

    /** Returns the path of a shipped file, such as {@code ca.pem}, copying it out on first use. */
    public static Path path(String name) {
        return COPIED.computeIfAbsent(name, TlsFiles::copy);
    }

    /** Returns the certificates in a PEM file. */
    public static Collection<? extends Certificate> certificates(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + pem, e);
        }
    }

    /** Returns an in-memory PKCS12 trust store holding the certificates of a PEM file. */
    public static KeyStore trustStore(Path pem) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates(pem)) {
                store.setCertificateEntry("fanout-testkit-" + i++, certificate);
            }
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a trust store from " + pem, e);
        }
    }

    /** Returns a TLS context that trusts exactly the certificates of a PEM file. */
    public static SSLContext sslContext(Path pem) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore(pem));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context from " + pem, e);
        }
    }

    private static Path copy(String name) {
        try (InputStream in = TlsFiles.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing testkit resource " + RESOURCES + name);
            }
            Path target = directory().resolve(name);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            target.toFile().deleteOnExit();
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + name + " out of the testkit jar", e);
        }
    }

    private static Path directory() throws IOException {
        Path dir = directory;
        if (dir == null) {
            synchronized (TlsFiles.class) {
                dir = directory;
                if (dir == null) {
                    dir = Files.createTempDirectory("fanout-testkit-tls");
                    dir.toFile().deleteOnExit();
                    directory = dir;
                }
            }
        }
        return dir;
    }
}
