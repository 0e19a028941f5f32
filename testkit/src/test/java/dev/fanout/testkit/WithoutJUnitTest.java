package dev.fanout.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The testkit without JUnit: its JUnit dependency is {@code provided}, so a project that uses
 * {@link SlowEndpoints} from a main method or another test framework has no JUnit at all.
 */
class WithoutJUnitTest {

    private static final Path CLASSES = Path.of("target/classes");
    private static final String LOGBACK_CONFIGURATION = "logback.configurationFile";

    @Test
    void noClassButTheExtensionNamesAJUnitType() throws IOException {
        List<String> naming;
        try (Stream<Path> files = Files.walk(CLASSES)) {
            naming = files.filter(file -> file.toString().endsWith(".class"))
                    .filter(WithoutJUnitTest::namesJUnit)
                    .map(file -> CLASSES.relativize(file).toString())
                    .collect(Collectors.toList());
        }

        assertThat(naming).containsExactly("dev/fanout/testkit/SlowEndpointsExtension.class");
    }

    @Test
    void slowEndpointsServeWithNoJUnitOnTheClassPath() throws Exception {
        // Logback in the loader reads the tests' configuration (Jetty at WARN), not its DEBUG default.
        String configurationBefore = System.setProperty(
                LOGBACK_CONFIGURATION,
                Path.of("target/test-classes/logback-test.xml").toAbsolutePath().toString());
        try (URLClassLoader withoutJUnit =
                new URLClassLoader(classPathWithoutJUnit(), ClassLoader.getPlatformClassLoader())) {
            Class<?> endpoints = withoutJUnit.loadClass(SlowEndpoints.class.getName());
            Object server = endpoints.getMethod("start").invoke(null);
            try {
                Method delayed = endpoints.getMethod("delayed", Duration.class);
                String url = (String) delayed.invoke(server, Duration.ofMillis(10));

                HttpResponse<String> response = HttpClient.newHttpClient()
                        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode()).isEqualTo(200);
            } finally {
                endpoints.getMethod("close").invoke(server);
            }
            // The loader really has no JUnit: the extension cannot be loaded from it.
            assertThat(canLoad(withoutJUnit, SlowEndpointsExtension.class.getName()))
                    .isFalse();
        } finally {
            if (configurationBefore == null) {
                System.clearProperty(LOGBACK_CONFIGURATION);
            } else {
                System.setProperty(LOGBACK_CONFIGURATION, configurationBefore);
            }
        }
    }

    private static boolean namesJUnit(Path classFile) {
        try {
            // Every type a class refers to is named in its constant pool, in UTF-8.
            return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1).contains("org/junit/");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static URL[] classPathWithoutJUnit() throws IOException {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String path = entry.replace(File.separatorChar, '/');
            if (path.contains("/org/junit/")
                    || path.contains("/org/opentest4j/")
                    || path.endsWith("/test-classes")
                    || path.contains("surefire")) {
                continue;
            }
            urls.add(Path.of(entry).toUri().toURL());
        }
        return urls.toArray(new URL[0]);
    }

    private static boolean canLoad(ClassLoader loader, String name) {
        try {
            Class.forName(name, true, loader).getMethods();
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
