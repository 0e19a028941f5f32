package dev.fanout.bench;

import java.util.List;

/**
 * Starts the benches' child processes (the clients' JVMs, Node, Python, the throughput bench),
 * their error output merged into their standard output, with the JVM options a run sets for
 * every JVM it starts: {@code AllBench --quick} sets {@code -XX:TieredStopAtLevel=1} (C1 only,
 * about 40% less CPU for a JVM that lives a few seconds) so that it ends in under a minute. They
 * go through {@code JAVA_TOOL_OPTIONS}, which the children's own children inherit, and which
 * Node and Python ignore. Stateless.
 */
final class ChildProcesses {

    /** The system property holding the options, none when unset. */
    static final String JVM_OPTIONS = "fanout.bench.childJvmOptions";

    private ChildProcesses() {}

    /** Returns a builder of {@code command} with the run's JVM options, if any, in its environment. */
    static ProcessBuilder builder(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        String options = System.getProperty(JVM_OPTIONS);
        if (options != null) {
            builder.environment().put("JAVA_TOOL_OPTIONS", options);
        }
        return builder;
    }
}
