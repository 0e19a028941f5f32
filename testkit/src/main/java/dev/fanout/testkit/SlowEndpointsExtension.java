package dev.fanout.testkit;

import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs a {@link SlowEndpoints} server for a JUnit 5 test class or for each test.
 *
 * <p>In a {@code static} field the server is started once for the class, {@link
 * SlowEndpoints#reset() reset} before each test (so each test sees its own counts and peak),
 * and closed after the class. In an instance field each test gets a server of its own.
 *
 * <pre>{@code
 * class FanOutTest {
 *   @RegisterExtension
 *   static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();
 *
 *   @Test
 *   void allRequestsAreInFlightAtOnce(SlowEndpoints server) {   // or endpoints.server()
 *     List<String> urls = server.delayed(100, Duration.ofSeconds(1));
 *     ... fetch them with the client under test ...
 *     assertThat(server.peakInFlight()).isEqualTo(100);
 *   }
 * }
 * }</pre>
 *
 * <p>Test methods and lifecycle methods may declare a {@code SlowEndpoints} parameter to
 * receive the server (constructors too, when the extension is in a static field). The reset runs before the class's own {@code @BeforeEach}
 * methods, so stubs registered there survive it; stubs registered in {@code @BeforeAll} do not
 * (register them in {@code @BeforeEach}, or turn the reset off with {@link
 * #resetBetweenTests(boolean)}).
 *
 * <p>Thread-safe to read once started; a per-class server is shared by the class's tests, so run
 * them one at a time (JUnit's default) or give each test its own server.
 */
public final class SlowEndpointsExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final SlowEndpointsBuilder options;
    private volatile boolean resetBetweenTests = true;
    private volatile SlowEndpoints server;
    private volatile boolean perClass;
    /** How many classes (a class and its {@code @Nested} classes) are running on the server. */
    private int classDepth;

    private SlowEndpointsExtension(SlowEndpointsBuilder options) {
        this.options = options;
    }

    /** Returns an extension whose server has the default options. */
    public static SlowEndpointsExtension create() {
        return new SlowEndpointsExtension(SlowEndpoints.builder());
    }

    /**
     * Returns an extension whose server has these options:
     * {@code SlowEndpointsExtension.create(SlowEndpoints.builder().http2(true))}.
     * The builder is used when the server starts; do not change it afterwards.
     */
    public static SlowEndpointsExtension create(SlowEndpointsBuilder options) {
        return new SlowEndpointsExtension(Objects.requireNonNull(options, "options"));
    }

    /** Sets whether a per-class server is reset before each test (default true); returns this. */
    public SlowEndpointsExtension resetBetweenTests(boolean reset) {
        this.resetBetweenTests = reset;
        return this;
    }

    /**
     * Returns the running server.
     *
     * @throws IllegalStateException outside the tests (and lifecycle methods) it runs for
     */
    public SlowEndpoints server() {
        SlowEndpoints running = server;
        if (running == null) {
            throw new IllegalStateException("no SlowEndpoints server is running outside its tests");
        }
        return running;
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        // JUnit calls this only for an extension in a static field: once for the class, and once
        // more for each of its @Nested classes, which share the server.
        perClass = true;
        if (classDepth++ == 0) {
            server = options.start();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (server == null) {
            server = options.start();
        } else if (perClass && resetBetweenTests) {
            server.reset();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (--classDepth == 0) {
            stop();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SlowEndpoints.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server();
    }

    private void stop() {
        SlowEndpoints running = server;
        server = null;
        if (running != null) {
            running.close();
        }
    }
}
