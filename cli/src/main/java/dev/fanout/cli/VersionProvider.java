package dev.fanout.cli;

import dev.fanout.client.Version;
import picocli.CommandLine.IVersionProvider;

/**
 * Names the build for {@code fanout --version}: the version, the git commit and the build's
 * timestamp that the build wrote into fanout's client ({@link Version}; the command is built with
 * it, from the same commit), and the Java it runs on.
 *
 * <pre>
 * fanout 0.1.0 (commit 6fc793a1b2c3, built 2026-12-04T00:00:00Z)
 * Java 17.0.15 (OpenJDK 64-Bit Server VM, Debian)
 * </pre>
 */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {
            "fanout " + Version.version() + " (commit " + Version.commit() + ", built " + Version.buildTime() + ")",
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                    + System.getProperty("java.vendor") + ")"
        };
    }
}
