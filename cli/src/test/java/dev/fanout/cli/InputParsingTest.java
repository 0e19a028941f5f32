package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.TypeConversionException;

/** URLs, headers, bodies and durations are read from the command line, files and stdin as people write them. */
class InputParsingTest {

    @TempDir
    Path dir;

    @Test
    void urlFilesSkipBlankLinesAndCommentsAndTrim() throws Exception {
        List<String> urls = UrlList.parse(
                new StringReader("# services\nhttp://a/1\n\n   \n  http://b/2  \n#http://c/3\n\tnot a url\n"));
        assertThat(urls).containsExactly("http://a/1", "http://b/2", "not a url");
    }

    @Test
    void urlsComeFromArgumentsThenTheFileOrStdin() throws Exception {
        Path file = Files.writeString(dir.resolve("urls.txt"), "http://f/1\n");
        ByteArrayInputStream stdin = new ByteArrayInputStream("http://s/1\n".getBytes(StandardCharsets.UTF_8));
        assertThat(UrlList.read(List.of("http://a/0"), file.toString(), stdin))
                .containsExactly("http://a/0", "http://f/1");
        assertThat(UrlList.read(List.of(), "-", stdin)).containsExactly("http://s/1");
        assertThatThrownBy(() -> UrlList.read(List.of(), dir.resolve("missing").toString(), stdin))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void headersAreNameColonValue() {
        assertThat(Header.parse("Authorization: Bearer abc:def"))
                .isEqualTo(new Header("Authorization", "Bearer abc:def"));
        assertThat(Header.parse("X-Empty:")).isEqualTo(new Header("X-Empty", ""));
        assertThatThrownBy(() -> Header.parse("no colon here"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("expected: 'Name: value'");
        assertThatThrownBy(() -> Header.parse(": value")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> Header.parse("Bad Name: v"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("not an HTTP token");
    }

    @Test
    void bodiesAreTextOrAFileAfterAnAt() throws Exception {
        Files.write(dir.resolve("body.json"), new byte[] {'{', '}'});
        assertThat(BodyArgument.parse("a=1").bytes()).isEqualTo("a=1".getBytes(StandardCharsets.UTF_8));
        assertThat(BodyArgument.parse("@" + dir.resolve("body.json")).bytes()).isEqualTo(new byte[] {'{', '}'});
        assertThatThrownBy(() -> BodyArgument.parse("@" + dir.resolve("none.json")))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("no such file");
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationConverter.parse("PT0.25S")).isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> DurationConverter.parse("0s")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> DurationConverter.parse("soon")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> DurationConverter.parse("10"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("no unit");
    }
}
