package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.loop.Loop;
import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A process with no file descriptor left: the socket of a new connection cannot be made. Netty
 * then fails the connect on a channel of no loop, whose listeners run on its global executor;
 * the client must still end the request on its own loop thread, as CONNECT, and go on once
 * descriptors are free again. (A test of the client's close with 30,000 requests open hung when
 * that failure reached the loop's state from the other thread.)
 */
class FileDescriptorsTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    @Test
    void aConnectWithNoDescriptorLeftIsConnectOnTheLoopThread(SlowEndpoints server) throws IOException {
        String url = server.body(3);
        // Loading a class opens its file: a first round, whatever its results, loads every class
        // the second one needs, so that it fails only for want of a socket.
        fetchWithNoDescriptorLeft(url);

        Queue<String> offLoop = new ConcurrentLinkedQueue<>();
        List<Result> results = fetchWithNoDescriptorLeft(url, offLoop);

        assertThat(results).allSatisfy(r -> {
            assertThat(r.error()).as("%s", r).isNotNull();
            assertThat(r.error().kind()).isEqualTo(ErrorKind.CONNECT);
            assertThat(r.error().getMessage()).contains("Too many open files");
        });
        assertThat(offLoop).as("events heard off the loop thread").isEmpty();
    }

    private static void fetchWithNoDescriptorLeft(String url) throws IOException {
        fetchWithNoDescriptorLeft(url, new ConcurrentLinkedQueue<>());
    }

    /**
     * Fetches two URLs with every descriptor taken, then {@code url} with them free (which must
     * answer); returns the first two results. Events heard off the loop go to {@code offLoop}.
     */
    private static List<Result> fetchWithNoDescriptorLeft(String url, Queue<String> offLoop) throws IOException {
        try (Loop loop = Loop.builder().name("descriptors").start()) {
            EventListener watch = new EventListener() {
                @Override
                public void connectFailed(Request request, ErrorKind kind, String detail) {
                    check("connectFailed");
                }

                @Override
                public void callEnd(Result result) {
                    check("callEnd");
                }

                private void check(String event) {
                    if (!loop.inLoop()) {
                        offLoop.add(event + " on " + Thread.currentThread().getName());
                    }
                }
            };
            try (FanoutClient client =
                    FanoutClient.builder().loop(loop).eventListener(watch).build()) {
                // a warm client, whose classes for a response and for a refused connect are loaded
                client.fetchAll(List.of(url + "?first", closedPort()));
                String nowhere = closedPort(); // a new connection for each: the pooled one is not reused
                List<Result> results;
                List<FileInputStream> hoard = new ArrayList<>();
                try {
                    exhaustDescriptors(hoard);
                    // a deadline, so that requests the client loses fail the test instead of hanging it
                    results = client.startAll(List.of(Request.get(nowhere + "a"), Request.get(nowhere + "b")))
                            .awaitAll(Duration.ofSeconds(20));
                } finally {
                    for (FileInputStream in : hoard) {
                        in.close();
                    }
                }
                assertThat(client.fetchAll(List.of(url + "?after")).get(0).ok())
                        .as("a fetch once descriptors are free")
                        .isTrue();
                return results;
            }
        }
    }

    private static String closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort() + "/";
        }
    }

    /** Opens /dev/null until the process has no descriptor left; {@code hoard} keeps them. */
    private static void exhaustDescriptors(List<FileInputStream> hoard) {
        while (true) {
            try {
                hoard.add(new FileInputStream("/dev/null"));
            } catch (IOException noneLeft) {
                assertThat(noneLeft).hasMessageContaining("Too many open files");
                return;
            }
        }
    }
}
