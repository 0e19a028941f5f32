package dev.fanout.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The first example of testkit/README.md is, word for word, a test of the consumer project
 * consumer-tests/src/it/users-service, which is built and run against the installed artifacts
 * on JUnit 5.10, this project's JUnit and JUnit 6: the guide's code compiles and passes.
 */
class GuideExampleTest {

    private static final Path EXAMPLE =
            Path.of("../consumer-tests/src/it/users-service/src/test/java/example/users/FanOutTest.java");

    @Test
    void theGuidesFirstExampleIsTheConsumerProjectsTestWordForWord() throws IOException {
        String guide = Files.readString(Path.of("README.md"));
        String test = Files.readString(EXAMPLE);

        String example = between(guide, "## A first test (copy, paste, run)", "```java\n", "```\n");
        assertThat(example).isEqualTo(test.substring(test.indexOf("import ")));
    }

    @Test
    void theGuidesDependenciesAreAllTheExampleNeeds() throws IOException {
        String guide = Files.readString(Path.of("README.md"));

        String dependencies = between(guide, "# fanout testkit", "```xml\n", "```\n");
        assertThat(dependencies)
                .contains(
                        "<artifactId>fanout-client</artifactId>",
                        "<artifactId>fanout-testkit</artifactId>",
                        "<artifactId>junit-jupiter</artifactId>",
                        "<artifactId>assertj-core</artifactId>");
    }

    private static String between(String text, String section, String from, String to) {
        int start = text.indexOf(from, text.indexOf(section)) + from.length();
        return text.substring(start, text.indexOf(to, start));
    }
}
