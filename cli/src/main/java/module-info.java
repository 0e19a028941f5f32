/**
 * The {@code fanout} command ({@code dev.fanout.cli.Main}): an application, built on the public
 * API of fanout's client and the testkit, that exports nothing.
 *
 * <p>picocli reads the command classes' annotated fields by reflection, so the package is open
 * to it. {@code ./fanout} runs the shaded jar on the class path, where this descriptor is left
 * out. On the module path ({@code java -p MODULES -cp WIREMOCK_AND_ITS_DEPENDENCIES -m
 * dev.fanout.cli/dev.fanout.cli.Main demo}) the testkit is an automatic module and WireMock and
 * Jetty stay on the class path, since WireMock's jar cannot be a module (see the testkit's
 * README). A named main module resolves only the system modules it requires: Jetty uses
 * {@code jdk.net}, so this module requires it on Jetty's behalf.
 *
 * <p>The demo's own endpoints ({@code DemoServerRules}) are a WireMock extension, and no module
 * can require WireMock: this module is compiled with {@code --add-reads
 * dev.fanout.cli=ALL-UNNAMED}, and at run time {@code DemoServer} adds that read edge itself
 * before it loads them.
 */
// "requires-automatic": the testkit is an automatic module, because WireMock cannot be a module.
@SuppressWarnings("requires-automatic")
module dev.fanout.cli {
    requires com.fasterxml.jackson.core;
    requires dev.fanout.client;
    requires dev.fanout.testkit;
    requires info.picocli;
    requires jdk.net; // for Jetty, on the class path under the testkit's demo server

    opens dev.fanout.cli to
            info.picocli;
}
