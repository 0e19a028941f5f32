package dev.fanout.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default transport and Netty's io_uring multishot POLL_ADD, each in a new JVM that sets
 * nothing but what the case says (this one runs with the property set, as every test JVM does):
 * Transport turns the multishot POLL_ADD off before Netty's IoUring reads it, and the default
 * is io_uring only where it is off.
 */
class TransportDefaultTest {

    @BeforeAll
    static void ioUringAndEpollLoad() {
        assumeTrue(IoUring.isAvailable(), () -> "io_uring does not load here: " + IoUring.unavailabilityCause());
        assumeTrue(Epoll.isAvailable(), () -> "epoll does not load here: " + Epoll.unavailabilityCause());
    }

    /** Runs {@link Probe} in a new JVM with {@code options}; returns the line it printed. */
    private static String probe(String... options) throws IOException, InterruptedException {
        String out = probeOutput(options);
        return out.lines().filter(l -> l.startsWith("default=")).findFirst().orElse(out);
    }

    /** Runs {@link Probe} in a new JVM with {@code options}; returns all it printed. */
    private static String probeOutput(String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void unsetTheMultishotPollIsTurnedOffAndIoUringIsTheDefault() throws Exception {
        assertThat(probe()).isEqualTo("default=IO_URING property=false multishot=false");
    }

    @Test
    void aUserWhoTurnsItOnGetsEpollByDefault() throws Exception {
        assertThat(probe("-D" + Transport.IO_URING_MULTISHOT_POLL_PROPERTY + "=true"))
                .isEqualTo("default=EPOLL property=true multishot=true");
    }

    @Test
    void aLoopToldToUseIoUringWithItOnWarns() throws Exception {
        String on =
                probeOutput("-D" + Transport.IO_URING_MULTISHOT_POLL_PROPERTY + "=true", "-Dprobe.startIoUring=true");
        assertThat(on).contains("loop 'probe-loop' runs on io_uring with Netty's multishot POLL_ADD on");
        assertThat(probeOutput("-Dprobe.startIoUring=true"))
                .contains("default=IO_URING")
                .doesNotContain("POLL_ADD on");
    }

    @Test
    void whenNettysIoUringLoadedFirstTheDefaultIsEpoll() throws Exception {
        // Too late to turn it off: IoUring read the property, unset, before Transport set it.
        assertThat(probe("-Dprobe.ioUringFirst=true")).isEqualTo("default=EPOLL property=false multishot=true");
    }

    /** Prints the default transport, the property and whether Netty's io_uring has the multishot POLL_ADD on. */
    public static final class Probe {
        public static void main(String[] args) {
            if (Boolean.getBoolean("probe.ioUringFirst")) {
                IoUring.isAvailable();
            }
            Transport chosen = Transport.byDefault();
            System.out.println("default=" + chosen + " property="
                    + System.getProperty(Transport.IO_URING_MULTISHOT_POLL_PROPERTY) + " multishot="
                    + IoUring.isPollAddMultishotEnabled());
            if (Boolean.getBoolean("probe.startIoUring")) {
                Loop.builder()
                        .name("probe-loop")
                        .transport(Transport.IO_URING)
                        .start()
                        .close();
            }
        }
    }
}
