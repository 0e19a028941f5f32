package dev.fanout.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CloseTest {

  @Test
  void closeLeavesNoThreadBehindEvenWithRequestsStillHeld() throws Exception {
    Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
    SlowEndpoints server = SlowEndpoints.start();
    // Raw sockets: the client side starts no thread of its own.
    List<RawHttp> held = List.of(
        RawHttp.get(server.neverAnswers()),
        RawHttp.get(server.delayed(Duration.ofHours(1))),
        RawHttp.get(server.slowBody(100, 100, Duration.ofHours(1))));
    awaitRequests(server, 3);

    server.close();

    assertThat(awaitThreadsEndingBut(before)).isEmpty();
    for (RawHttp connection : held) {
      connection.close();
    }
  }

  @Test
  void closeIsIdempotent() {
    SlowEndpoints server = SlowEndpoints.start();

    server.close();
    server.close();

    assertThat(server.wireMock().isRunning()).isFalse();
  }

  private static List<String> awaitThreadsEndingBut(Set<Thread> before)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<String> extra;
    do {
      extra = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> !before.contains(t) && t.isAlive())
          .map(Thread::getName)
          .collect(Collectors.toList());
      if (extra.isEmpty()) {
        break;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    return extra;
  }

  private static void awaitRequests(SlowEndpoints server, int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (server.requestCount() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(server.requestCount()).isEqualTo(n);
  }
}
