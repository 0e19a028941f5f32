package example.modular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The application runs as a named module, on fanout's modules, and gets its users. */
class ModularUseTest {

    @Test
    void runsInsideItsModuleUnderSurefire() throws Exception {
        assertEquals("example.modular", Main.class.getModule().getName());

        Main.main(new String[0]); // throws if any check or any result is off
    }

    /**
     * Surefire resolves every module on its module path; {@code java --module} resolves only
     * what the application's module requires, as a user's launch does: run it so, in a JVM of
     * its own, on the module path Surefire was given.
     */
    @Test
    void runsWithJavaDashDashModule() throws Exception {
        String modulePath = System.getProperty("jdk.module.path");
        assertNotNull(modulePath, "the tests run on the module path");
        Process java = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Dio.netty.leakDetection.level=paranoid",
                        "--module-path",
                        modulePath,
                        "--module",
                        "example.modular/example.modular.Main")
                .redirectErrorStream(true)
                .start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(java.waitFor(1, TimeUnit.MINUTES), "the application ended");
        assertEquals(0, java.exitValue(), output);
        assertTrue(output.contains("modular-user: 20 users fetched at once and read into records"), output);
    }
}
