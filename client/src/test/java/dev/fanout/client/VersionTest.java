package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The build writes its version, commit and timestamp into the jar, and {@link Version} reads
 * them back: no value is left unknown or as an unfiltered placeholder by a Maven build.
 */
class VersionTest {

    @Test
    void theVersionAndBuildTimeAreTheOnesTheBuildWasGiven() {
        assertThat(Version.version()).isEqualTo(System.getProperty("fanout.project.version"));
        assertThat(Version.buildTime()).isEqualTo(System.getProperty("fanout.build.time"));
    }

    @Test
    void theCommitIsTheOneGitNamedForTheBuild() {
        // What the build's `git describe` printed; nothing (or the unset property) where the build
        // had no git repository, a source archive say, and then Version says "unknown".
        String described = System.getProperty("fanout.git.commit", "");
        boolean known = !described.isBlank() && !described.contains("${");

        assertThat(Version.commit()).isEqualTo(known ? described.trim() : "unknown");
        assertThat(Version.commit()).matches("[0-9a-f]{12,40}(-dirty)?|unknown");
    }
}
