package dev.fanout.testkit;

import dev.fanout.testkit.internal.TestCertificates;
import java.util.function.Supplier;

/**
 * The certificate a {@link SlowEndpoints} server presents on its HTTPS port.
 *
 * <p>None is shipped: each is made on first use, once per JVM, with a fresh EC P-256 key, and
 * so is the testkit CA that issues them; the good ones are valid for a year. All but {@link
 * #SELF_SIGNED} and {@link #UNTRUSTED_CA} are issued by the testkit CA, so a client that trusts
 * {@link SlowEndpoints#certificatePem()} fails on each bad one for exactly one reason:
 *
 * <table>
 *   <caption>What a verifying client sees</caption>
 *   <tr><th>certificate</th><th>the JDK's reason</th></tr>
 *   <tr><td>{@link #LOCALHOST}</td><td>none: accepted</td></tr>
 *   <tr><td>{@link #WRONG_HOST}</td><td>"No subject alternative names matching IP address 127.0.0.1 found"</td></tr>
 *   <tr><td>{@link #EXPIRED}</td><td>"validity check failed" ({@code CertificateExpiredException})</td></tr>
 *   <tr><td>{@link #SELF_SIGNED}, {@link #UNTRUSTED_CA}</td><td>"unable to find valid certification path to requested target"</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe.
 */
public enum ServerCertificate {
    /** Valid for {@code localhost} and {@code 127.0.0.1}, issued by the testkit CA: the default. */
    LOCALHOST(TestCertificates::localhost),
    /**
     * Issued by the testkit CA for {@code wrong-host.invalid} only: a client that verifies host
     * names rejects it for {@code localhost} and {@code 127.0.0.1}, although it trusts the issuer.
     */
    WRONG_HOST(TestCertificates::wrongHost),
    /**
     * Valid for {@code localhost} and {@code 127.0.0.1}, issued by the testkit CA, but expired: its
     * one day of validity ended a day before it was made.
     */
    EXPIRED(TestCertificates::expired),
    /**
     * Valid for {@code localhost} and {@code 127.0.0.1}, but its own issuer: a client that trusts
     * the testkit CA rejects it; one that trusts this server's {@link SlowEndpoints#certificatePem()},
     * which is this certificate itself, accepts it.
     */
    SELF_SIGNED(TestCertificates::selfSigned),
    /**
     * Valid for {@code localhost} and {@code 127.0.0.1}, issued by a second CA that no client is
     * told of: a real chain whose root is unknown. {@link SlowEndpoints#certificatePem()} is the
     * testkit CA, which a client trusts in vain.
     */
    UNTRUSTED_CA(TestCertificates::untrustedCa);

    private final Supplier<TestCertificates.Served> served;

    ServerCertificate(Supplier<TestCertificates.Served> served) {
        this.served = served;
    }

    /** Returns this certificate's keystore and the PEM a client trusts for it, made on first use. */
    TestCertificates.Served served() {
        return served.get();
    }
}
