package dev.fanout.testkit;

/**
 * The certificate a {@link SlowEndpoints} server presents on its HTTPS port.
 *
 * <p>All are pre-generated with the JDK's {@code keytool} and shipped in the testkit jar (see
 * {@code testkit/tls/generate.sh}); they are valid until 2123. All but {@link #SELF_SIGNED} are
 * issued by the testkit's own CA, so a client that trusts {@link SlowEndpoints#certificatePem()}
 * fails on each bad one for exactly one reason.
 *
 * <p>Immutable and thread-safe.
 */
public enum ServerCertificate {
    /** Valid for {@code localhost} and {@code 127.0.0.1}, issued by the testkit CA: the default. */
    LOCALHOST("localhost.p12"),
    /**
     * Issued by the testkit CA for {@code wrong-host.invalid} only: a client that verifies host
     * names rejects it for {@code localhost} and {@code 127.0.0.1}, although it trusts the issuer.
     */
    WRONG_HOST("wrong-host.p12"),
    /** Valid for {@code localhost} and {@code 127.0.0.1}, issued by the testkit CA, expired in 2000. */
    EXPIRED("expired.p12"),
    /** Valid for {@code localhost} and {@code 127.0.0.1}, but self-signed: not issued by the CA. */
    SELF_SIGNED("self-signed.p12");

    private final String keyStore;

    ServerCertificate(String keyStore) {
        this.keyStore = keyStore;
    }

    /** Returns the name of the shipped PKCS12 keystore holding this certificate and its key. */
    String keyStoreResource() {
        return keyStore;
    }
}
