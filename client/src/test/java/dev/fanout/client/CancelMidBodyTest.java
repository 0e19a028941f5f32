package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.loop.testing.Await;
import dev.fanout.loop.testing.TcpQueues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests cancelled while their bodies stream in leave nothing behind: the leak detector (paranoid,
 * checked after every test) finds no buffer, and the client keeps working.
 *
 * <p>The server writes each response's head and the first part of its body in one write (one
 * segment on loopback, which the client reads in one go), then holds the rest back until the test
 * ends: the cancel comes once every first part is written, acknowledged by the client's kernel and
 * read by the client (the kernel's TCP queues say so), and each cancelled result's receiving phase
 * shows that its response had begun to arrive.
 */
class CancelMidBodyTest {

    private static final int REQUESTS = 1000;
    private static final int BODY_BYTES = 20_000;
    private static final int FIRST_PART_BYTES = 1_000;

    private final CountDownLatch firstPartsWritten = new CountDownLatch(REQUESTS);
    private final AtomicLong bodyBytesWritten = new AtomicLong();
    private final CountDownLatch restOfTheBodies = new CountDownLatch(1);

    @AfterEach
    void releaseTheServer() {
        restOfTheBodies.countDown();
    }

    @Test
    void aThousandRequestsCancelledMidBodyLeakNothing() throws Exception {
        try (RawServer server = new RawServer(this::answerWithHalfABody);
                FanoutClient client = FanoutClient.create()) {
            List<Request> requests = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                requests.add(Request.get(server.url("/body/" + i)));
            }
            Batch batch = client.startAll(requests);
            Await.latch("every response's head and first body part written", firstPartsWritten);
            assertThat(bodyBytesWritten.get()).isEqualTo((long) REQUESTS * FIRST_PART_BYTES);
            // The kernel's word that the bytes arrived and were read: nothing the server sent is
            // left unacknowledged, nothing the client's connections received is left unread.
            Await.until("every response's first part received and read by the client", () -> {
                List<TcpQueues.Connection> serverSide = TcpQueues.atPort(server.port());
                List<TcpQueues.Connection> clientSide = TcpQueues.toPort(server.port());
                return serverSide.size() == REQUESTS
                        && clientSide.size() == REQUESTS
                        && serverSide.stream().allMatch(c -> c.unacknowledged() == 0)
                        && clientSide.stream().allMatch(c -> c.unread() == 0);
            });

            batch.cancel();
            List<Result> results = batch.awaitAll();

            assertThat(results).allSatisfy(r -> {
                assertThat(r.error()).as("%s", r).isNotNull();
                assertThat(r.error().kind()).isEqualTo(ErrorKind.CANCELLED);
                // A response that had not begun to arrive would have a zero receiving phase.
                assertThat(r.timings().receiving()).as("%s %s", r, r.timings()).isPositive();
            });
            assertThat(client.fetchAll(List.of(server.url("/body/after")))
                            .get(0)
                            .ok())
                    .isTrue();
        }
    }

    /** The first request of each connection gets its head and a part of its body; a later one a whole small body. */
    private void answerWithHalfABody(RawServer.Conn c) throws IOException {
        String request = c.readRequest();
        if (request == null) {
            return;
        }
        if (request.startsWith("GET /body/after ")) {
            c.write(RawServer.ok("after"));
            return;
        }
        byte[] head =
                ("HTTP/1.1 200 OK\r\nContent-Length: " + BODY_BYTES + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] firstPart = Arrays.copyOf(head, head.length + FIRST_PART_BYTES);
        Arrays.fill(firstPart, head.length, firstPart.length, (byte) 'a');
        c.write(firstPart);
        bodyBytesWritten.addAndGet(FIRST_PART_BYTES);
        firstPartsWritten.countDown();
        try {
            restOfTheBodies.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
