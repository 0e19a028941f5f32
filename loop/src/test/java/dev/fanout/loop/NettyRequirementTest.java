package dev.fanout.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.netty.util.Version;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A Netty older than 4.2 is refused with a message that says what to change; 4.2 passes. */
class NettyRequirementTest {

    @Test
    void netty41IsRefusedNamingTheVersionFoundAndTheFix() {
        String problem = NettyRequirement.problem(
                Map.of(
                        "netty-common", "4.1.118.Final",
                        "netty-transport", "4.1.118.Final",
                        "netty-codec-http", "4.1.118.Final",
                        "netty-tcnative-classes", "2.0.70.Final"),
                false);

        assertThat(problem)
                .contains("fanout needs Netty 4.2 (4.2.x.Final")
                .contains("netty-common 4.1.118.Final, netty-transport 4.1.118.Final")
                .contains("io.netty:netty-bom:4.2.18.Final")
                .contains("set the netty.version property to 4.2.18.Final")
                .doesNotContain("tcnative");
    }

    @Test
    void netty42Passes() {
        assertThat(NettyRequirement.problem(
                        Map.of(
                                "netty-common", "4.2.18.Final",
                                "netty-transport", "4.2.18.Final",
                                "netty-tcnative-classes", "2.0.70.Final"),
                        true))
                .isNull();
    }

    @Test
    void aMixOfOneOldLoopArtifactAnd42IsRefused() {
        assertThat(NettyRequirement.problem(
                        Map.of(
                                "netty-common", "4.2.18.Final",
                                "netty-transport", "4.1.115.Final"),
                        true))
                .contains("Netty 4.2", "netty-transport 4.1.115.Final")
                .doesNotContain("netty-common 4.2");
    }

    @Test
    void aNettyWithoutVersionDataIsJudgedByTheIoHandlerApi() {
        assertThat(NettyRequirement.problem(Map.of(), true)).isNull();
        assertThat(NettyRequirement.problem(Map.of(), false))
                .contains("Netty 4.2", "unknown version", "io.netty.channel.IoHandler");
    }

    @Test
    void releaseNumbersAreComparedByMajorAndMinor() {
        assertThat(NettyRequirement.isBefore42("4.1.118.Final")).isTrue();
        assertThat(NettyRequirement.isBefore42("4.0.56.Final")).isTrue();
        assertThat(NettyRequirement.isBefore42("4.2.0.Final")).isFalse();
        assertThat(NettyRequirement.isBefore42("4.2.0.RC1")).isFalse();
        assertThat(NettyRequirement.isBefore42("4.10.1.Final")).isFalse();
        assertThat(NettyRequirement.isBefore42("5.0.0.Alpha5")).isFalse();
        assertThat(NettyRequirement.isBefore42("unknown")).isFalse();
    }

    @Test
    void theVersionsReadAreTheOnesNettyItselfIdentifies() {
        Map<String, String> netty = new TreeMap<>();
        Version.identify().forEach((artifact, version) -> netty.put(artifact, version.artifactVersion()));

        assertThat(netty).containsKeys("netty-common", "netty-transport");
        assertThat(NettyRequirement.versions()).isEqualTo(netty);
    }

    @Test
    void theNettyOnThisClassPathPassesAndALoopStarts() {
        assertThat(Version.identify().get("netty-transport").artifactVersion()).startsWith("4.2.");
        assertThatCode(NettyRequirement::check).doesNotThrowAnyException();
        try (Loop loop = Loop.start("netty-42-loop")) {
            assertThat(loop.thread().isAlive()).isTrue();
        }
    }
}
