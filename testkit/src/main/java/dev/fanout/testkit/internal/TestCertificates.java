package dev.fanout.testkit.internal;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.CertificateBuilder.KeyUsage;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The testkit's TLS certificates and keys, made when first needed, once per JVM: no key is
 * shipped. Each server certificate is made with its own key and written, with the key and its
 * chain, to a keystore file, since WireMock reads its keystore from a path; the certificate a
 * client must trust is written to a PEM file. Both live in one temporary directory (the owner's
 * only), deleted when the JVM exits.
 *
 * <pre>
 *  fanout testkit CA ──────────┬── CN=localhost           localhost, 127.0.0.1   LOCALHOST
 *  (ca.pem: what clients trust)├── CN=wrong-host.invalid  wrong-host.invalid     WRONG_HOST
 *                              └── CN=localhost           expired a day ago      EXPIRED
 *  fanout testkit untrusted CA ─── CN=localhost           localhost, 127.0.0.1   UNTRUSTED_CA
 *  CN=localhost, its own issuer                           localhost, 127.0.0.1   SELF_SIGNED
 * </pre>
 *
 * <p>Keys are EC P-256: a pair takes milliseconds, an RSA one tens to hundreds. Netty's {@code netty-pkitesting} encodes the certificates (on BouncyCastle's ASN.1
 * classes); the JDK's own providers make the keys and signatures. Certificates are valid from a
 * day before they are made, so that a clock a little behind still accepts them, for {@link
 * #VALIDITY}.
 *
 * <p>Thread-safe: each certificate is made once, under the class's lock.
 */
public final class TestCertificates {

    /** The password of every keystore written here; the keys die with the JVM, it guards nothing. */
    public static final String PASSWORD = "fanout-testkit";

    /**
     * The type of every keystore written here: JKS, not PKCS12. A PKCS12 keystore costs 10,000
     * rounds of PBKDF2 to protect its key and as many for its MAC, each again for Jetty to read
     * it: in a cold JVM on the CLI's jar, 0.5 to 1.4 s to write and 0.7 to 1.7 s to read, against
     * 15 ms in all for JKS (2 cores at a load average of 17 to 18; less on an idle machine).
     * JKS protects a key weakly; these keys die with the JVM, in a directory only their owner
     * can read, so there is nothing to protect.
     */
    public static final String KEYSTORE_TYPE = "JKS";

    /** How long the good certificates stay valid: far longer than any test, demo or soak runs. */
    public static final Duration VALIDITY = Duration.ofDays(365);

    private static final Duration SKEW = Duration.ofDays(1);
    private static final String[] LOCALHOST = {"localhost", "127.0.0.1"};
    private static final Map<String, Served> SERVED = new HashMap<>();
    private static Path directory;
    private static X509Bundle testkitCa;
    private static Path testkitCaPem;

    /**
     * A server's certificate: its key and chain in a keystore file ({@link #KEYSTORE_TYPE},
     * password {@link #PASSWORD}),
     * and the PEM file of the certificate a verifying client must trust for it.
     */
    public record Served(Path keyStore, Path trustedPem) {}

    private TestCertificates() {}

    /** Returns the testkit CA's certificate, as a PEM file. */
    public static synchronized Path testkitCaPem() {
        if (testkitCaPem == null) {
            testkitCaPem = writePem("ca.pem", testkitCa().getRootCertificatePEM());
        }
        return testkitCaPem;
    }

    /** Returns a certificate for {@code localhost} and {@code 127.0.0.1}, issued by the testkit CA. */
    public static synchronized Served localhost() {
        return served(
                "localhost", false, () -> server("CN=localhost", LOCALHOST).buildIssuedBy(testkitCa()));
    }

    /** Returns a certificate for {@code wrong-host.invalid} only, issued by the testkit CA. */
    public static synchronized Served wrongHost() {
        return served(
                "wrong-host",
                false,
                () -> server("CN=wrong-host.invalid", "wrong-host.invalid").buildIssuedBy(testkitCa()));
    }

    /** Returns a certificate like {@link #localhost()} whose one day of validity ended a day ago. */
    public static synchronized Served expired() {
        Instant now = Instant.now();
        return served(
                "expired",
                false,
                () -> server("CN=localhost", LOCALHOST)
                        .notBefore(now.minus(SKEW).minus(SKEW))
                        .notAfter(now.minus(SKEW))
                        .buildIssuedBy(testkitCa()));
    }

    /**
     * Returns a certificate for {@code localhost} and {@code 127.0.0.1} that is its own issuer;
     * the PEM to trust is that certificate itself.
     */
    public static synchronized Served selfSigned() {
        // netty-pkitesting signs only CA certificates with their own key, so this one says it is
        // a CA; a client that trusts it as a trust anchor, or does not, never looks at that.
        return served(
                "self-signed",
                true,
                () -> server("CN=localhost", LOCALHOST)
                        .setIsCertificateAuthority(true)
                        .buildSelfSigned());
    }

    /**
     * Returns a certificate like {@link #localhost()}, issued by a second CA that no client is
     * told of: a real chain, to a root a client does not know. The PEM to trust is the testkit
     * CA's, which does not help.
     */
    public static synchronized Served untrustedCa() {
        return served(
                "untrusted-ca",
                false,
                () -> server("CN=localhost", LOCALHOST).buildIssuedBy(ca("CN=fanout testkit untrusted CA")));
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

    /** Makes a certificate, the first time it is asked for. */
    private interface Maker {
        X509Bundle make() throws Exception;
    }

    private static Served served(String name, boolean selfTrusted, Maker maker) {
        Served served = SERVED.get(name);
        if (served == null) {
            X509Bundle bundle = make(name, maker);
            Path trusted = selfTrusted ? writePem(name + ".pem", bundle.getCertificatePEM()) : testkitCaPem();
            served = new Served(writeKeyStore(name + ".jks", bundle), trusted);
            SERVED.put(name, served);
        }
        return served;
    }

    private static X509Bundle testkitCa() {
        if (testkitCa == null) {
            testkitCa = make("testkit CA", () -> ca("CN=fanout testkit CA"));
        }
        return testkitCa;
    }

    private static X509Bundle ca(String subject) throws Exception {
        return valid().subject(subject)
                .setIsCertificateAuthority(true)
                .setKeyUsage(true, KeyUsage.keyCertSign, KeyUsage.cRLSign)
                .buildSelfSigned();
    }

    /** Returns a builder for a TLS server's certificate for {@code names} (host names or IPs). */
    private static CertificateBuilder server(String subject, String... names) {
        CertificateBuilder builder = valid().subject(subject)
                .setKeyUsage(true, KeyUsage.digitalSignature)
                .addExtendedKeyUsageServerAuth();
        for (String name : names) {
            if (Character.isDigit(name.charAt(0))) {
                builder.addSanIpAddress(name);
            } else {
                builder.addSanDnsName(name);
            }
        }
        return builder;
    }

    private static CertificateBuilder valid() {
        Instant now = Instant.now();
        return new CertificateBuilder().ecp256().notBefore(now.minus(SKEW)).notAfter(now.plus(VALIDITY));
    }

    private static X509Bundle make(String name, Maker maker) {
        try {
            return maker.make();
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the testkit's " + name + " certificate", e);
        }
    }

    private static Path writeKeyStore(String file, X509Bundle bundle) {
        char[] password = PASSWORD.toCharArray();
        Path path = newFile(file);
        try (OutputStream out = Files.newOutputStream(path)) {
            // The key and the chain a server sends, and nothing else: not the root (which
            // X509Bundle.toKeyStore adds as a trusted entry), so that Jetty has one key to serve.
            KeyStore store = KeyStore.getInstance(KEYSTORE_TYPE);
            store.load(null, null);
            store.setKeyEntry("server", bundle.getKeyPair().getPrivate(), password, bundle.getCertificatePath());
            store.store(out, password);
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write " + path, e);
        }
    }

    private static Path writePem(String file, String pem) {
        Path path = newFile(file);
        try {
            return Files.writeString(path, pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    private static Path newFile(String name) {
        try {
            if (directory == null) {
                // Owner-only permissions on POSIX: the keys are readable by this user alone.
                directory = Files.createTempDirectory("fanout-testkit-tls");
                directory.toFile().deleteOnExit();
            }
            Path path = directory.resolve(name);
            path.toFile().deleteOnExit(); // before the directory: deleted in reverse order
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary directory for the testkit's certificates", e);
        }
    }
}
