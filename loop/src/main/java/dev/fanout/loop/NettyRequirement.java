package dev.fanout.loop;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Checks that the Netty on the class path is 4.2 or later before a loop touches any class that
 * only Netty 4.2 has (its {@code IoHandler} API), so that a project whose build pins Netty 4.1
 * gets a message that says what to change instead of a {@link NoClassDefFoundError}.
 *
 * <p>Uses no Netty class: it reads the versions Netty's jars list. Thread-safe: the
 * answer is worked out once, when the class initializes, and never changes.
 */
final class NettyRequirement {

    /** The Netty 4.2 type the loop is built on; absent from 4.1. */
    static final String IO_HANDLER_CLASS = "io.netty.channel.IoHandler";

    /** The Netty release fanout is built and tested against. */
    static final String TESTED_VERSION = "4.2.18.Final";

    // The artifacts the loop itself needs: the ones whose version decides.
    private static final String COMMON = "netty-common";
    private static final String TRANSPORT = "netty-transport";

    /** Where each Netty jar names its artifact and version, as {@code netty-common.version=4.2.18.Final}. */
    static final String VERSIONS_RESOURCE = "META-INF/io.netty.versions.properties";

    private static final String VERSION_SUFFIX = ".version";

    private static final String PROBLEM = problem(versions(), hasIoHandler());

    private NettyRequirement() {}

    /**
     * Throws if the Netty on the class path is older than 4.2.
     *
     * @throws IllegalStateException naming the Netty found and what to change
     */
    static void check() {
        if (PROBLEM != null) {
            throw new IllegalStateException(PROBLEM);
        }
    }

    /**
     * Returns what is wrong with a Netty whose artifacts have the given versions (artifact id to
     * version, as in {@code META-INF/io.netty.versions.properties}), or null if nothing is.
     *
     * @param versions the Netty artifacts found, by artifact id (may be empty: a shaded Netty)
     * @param ioHandlerApi whether {@value #IO_HANDLER_CLASS} loads
     */
    static String problem(Map<String, String> versions, boolean ioHandlerApi) {
        Map<String, String> old = new TreeMap<>();
        versions.forEach((artifact, version) -> {
            if ((artifact.equals(COMMON) || artifact.equals(TRANSPORT)) && isBefore42(version)) {
                old.put(artifact, version);
            }
        });
        if (ioHandlerApi && old.isEmpty()) {
            return null;
        }
        String found;
        if (!old.isEmpty()) {
            StringBuilder names = new StringBuilder();
            old.forEach((artifact, version) -> names.append(names.length() == 0 ? "" : ", ")
                    .append(artifact)
                    .append(' ')
                    .append(version));
            found = names.toString();
        } else if (versions.containsKey(TRANSPORT)) {
            found = "netty-transport " + versions.get(TRANSPORT) + " without " + IO_HANDLER_CLASS;
        } else {
            found = "a Netty of unknown version without " + IO_HANDLER_CLASS;
        }
        return "fanout needs Netty 4.2 (4.2.x.Final; built and tested with " + TESTED_VERSION + ") but found "
                + found + " on the class path: Netty 4.1 lacks the IoHandler API that fanout's loop runs on."
                + " Import io.netty:netty-bom:" + TESTED_VERSION + " (scope import, type pom) in your build's"
                + " dependencyManagement, ahead of any other BOM, or change the pin that holds Netty at 4.1"
                + " (in a Spring Boot build, set the netty.version property to " + TESTED_VERSION + ").";
    }

    /** Returns true if {@code version} (such as 4.1.118.Final) is a Netty 4 release older than 4.2. */
    static boolean isBefore42(String version) {
        String[] parts = version.split("[.-]");
        if (parts.length < 2) {
            return false;
        }
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = Integer.parseInt(parts[1]);
            return major < 4 || (major == 4 && minor < 2);
        } catch (NumberFormatException notNumbers) {
            return false; // not a release number: leave the decision to the class check
        }
    }

    /**
     * Returns the version of each Netty artifact on the class path, by artifact id, from each
     * jar's {@value #VERSIONS_RESOURCE}: read here rather than through {@link
     * io.netty.util.Version#identify}, which also parses each artifact's build and commit dates:
     * with {@code SimpleDateFormat} and the locale data it loads, that took about 35 ms of a fresh
     * JVM's first {@code Loop.start} (async-profiler, wall clock, 2026-12-06), for dates never read.
     */
    static Map<String, String> versions() {
        Map<String, String> versions = new TreeMap<>();
        ClassLoader loader = NettyRequirement.class.getClassLoader();
        try {
            Enumeration<URL> resources = loader == null
                    ? ClassLoader.getSystemResources(VERSIONS_RESOURCE)
                    : loader.getResources(VERSIONS_RESOURCE);
            while (resources.hasMoreElements()) {
                Properties properties = new Properties();
                try (InputStream in = resources.nextElement().openStream()) {
                    properties.load(in);
                } catch (IOException unreadable) {
                    continue; // as Version.identify does: an artifact it cannot read is not listed
                }
                for (String key : properties.stringPropertyNames()) {
                    if (key.endsWith(VERSION_SUFFIX)) {
                        versions.put(
                                key.substring(0, key.length() - VERSION_SUFFIX.length()), properties.getProperty(key));
                    }
                }
            }
        } catch (IOException unlisted) {
            // no list of Netty's artifacts: the class check decides alone
        }
        return versions;
    }

    private static boolean hasIoHandler() {
        try {
            Class.forName(IO_HANDLER_CLASS, false, NettyRequirement.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
