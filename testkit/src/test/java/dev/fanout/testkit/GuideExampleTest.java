package dev.fanout.testkit;

import static dev.fanout.testkit.ServerAssertions.assertThatServer;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The first example of testkit/README.md, word for word: the guide's code must work. */
class GuideExampleTest {

  @RegisterExtension // static: one server for the class, reset before each test
  static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

  @Test
  void allRequestsAreInFlightAtOnce(SlowEndpoints server) {
    Duration delay = Duration.ofSeconds(2);
    List<String> urls = server.delayed(200, delay); // 200 distinct URLs, each answered after 2 s
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    long start = System.nanoTime();
    List<CompletableFuture<HttpResponse<String>>> futures = urls.stream()
        .map(url -> client.sendAsync(HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofString()))
        .toList();
    futures.forEach(CompletableFuture::join);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThatServer(server).heldAtOnce(200).receivedEach(urls, 1);
    assertThat(took).isLessThan(delay.multipliedBy(3)); // about one delay, not 200 of them
  }

  // -- not in the guide --

  @Test
  void theGuideShowsThisClassWordForWord() throws IOException {
    String guide = Files.readString(Path.of("README.md"));
    String test = Files.readString(Path.of("src/test/java/dev/fanout/testkit/GuideExampleTest.java"));

    assertThat(between(guide, "class FanOutTest {", "\n}\n"))
        .isEqualTo(between(test, "class GuideExampleTest {", "\n\n  // -- not in the guide"));
  }

  private static String between(String text, String from, String to) {
    int start = text.indexOf(from) + from.length();
    return text.substring(start, text.indexOf(to, start)).strip();
  }
}
