package dev.fanout.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.loop.testing.LogCapture;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A server start on this machine logs nothing Jetty would warn about, whatever its cores. */
class StartupLogTest {

    private static final String ACCEPTORS_WARNING = "Acceptors should be <= availableProcessors";

    @Test
    void aStartLogsNoAcceptorsWarning() {
        List<String> warnings = jettyWarningsDuring(SlowEndpoints::start);

        assertThat(warnings).noneMatch(message -> message.contains(ACCEPTORS_WARNING));
    }

    @Test
    void moreAcceptorsThanCoresAreWarnedAbout() {
        // The capture sees the warning when there is one: what WireMock's default of 3 does on
        // a machine of 2 cores or fewer.
        int cores = Runtime.getRuntime().availableProcessors();

        List<String> warnings = jettyWarningsDuring(() -> SlowEndpoints.builder()
                .configure(options -> options.jettyAcceptors(cores + 1))
                .start());

        assertThat(warnings).anyMatch(message -> message.contains(ACCEPTORS_WARNING));
    }

    @Test
    void acceptorsFollowJettysOwnDefault() {
        assertThat(ServerOptions.acceptors(1)).isEqualTo(1);
        assertThat(ServerOptions.acceptors(2)).isEqualTo(1);
        assertThat(ServerOptions.acceptors(16)).isEqualTo(2);
        assertThat(ServerOptions.acceptors(128)).isEqualTo(4);
    }

    private static List<String> jettyWarningsDuring(Supplier<SlowEndpoints> start) {
        // Captured only: the warning provoked on purpose stays out of the build's output.
        try (LogCapture jetty =
                LogCapture.of("org.eclipse.jetty").capturedOnly().start()) {
            start.get().close();
            return jetty.messages();
        }
    }
}
