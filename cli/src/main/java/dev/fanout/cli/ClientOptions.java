package dev.fanout.cli;

import dev.fanout.client.FanoutClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * How the client is built: timeouts, limits, TLS trust, HTTP version. Unset options keep the
 * client's defaults.
 */
final class ClientOptions {

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Per request, from getting a slot to the last body byte, with its unit: 500ms, 2s, 1m "
                    + "(default: the client's).")
    Duration timeout;

    @Option(
            names = "--connect-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "For each new connection, with its unit: 500ms, 2s, 1m (default: the client's).")
    Duration connectTimeout;

    @Option(
            names = "--max-in-flight",
            paramLabel = "N",
            description = "Requests on the wire at once, all hosts together (default: the client's).")
    Integer maxInFlight;

    @Option(
            names = "--per-host",
            paramLabel = "N",
            description = "Connections per scheme, host and port (default: the client's).")
    Integer perHost;

    @Option(
            names = "--cacert",
            paramLabel = "PEM",
            description = "Trust the certificates in this PEM file instead of the JDK's.")
    Path cacert;

    @Option(
            names = {"-k", "--insecure"},
            description = "INSECURE: accept any TLS certificate and host name. For test servers only.")
    boolean insecure;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    HttpVersionOptions httpVersion;

    /**
     * Builds the client these options describe; says so on {@code err} when it is insecure.
     *
     * @throws ParameterException when the builder refuses a value (exit code 2)
     */
    FanoutClient build(CommandSpec spec, PrintWriter err) {
        FanoutClient.Builder builder = FanoutClient.builder();
        try {
            if (timeout != null) {
                builder.requestTimeout(timeout);
            }
            if (connectTimeout != null) {
                builder.connectTimeout(connectTimeout);
            }
            if (maxInFlight != null) {
                builder.maxInFlight(maxInFlight);
            }
            if (perHost != null) {
                builder.maxConnectionsPerHost(perHost);
            }
            builder.httpVersion(HttpVersionOptions.of(httpVersion));
            if (cacert != null) {
                builder.trustCertificates(cacert);
            }
            if (insecure) {
                err.println("fanout: warning: --insecure: TLS certificates and host names are NOT verified; "
                        + "anyone on the network path can read and change these requests.");
                err.flush();
                builder.insecureSkipTlsVerification();
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
