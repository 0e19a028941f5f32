package dev.fanout.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.testkit.SlowEndpoints;
import dev.fanout.testkit.SlowEndpointsExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** gzip and deflate bodies are decoded transparently; the cap counts decoded bytes, and a bomb stops at it. */
class DecompressionTest {

    @RegisterExtension
    static final SlowEndpointsExtension endpoints = SlowEndpointsExtension.create();

    @Test
    void aGzipBodyIsDecoded(SlowEndpoints server) {
        try (FanoutClient client = FanoutClient.create()) {
            Result r = client.fetchAll(List.of(server.gzipBody(100_000))).get(0);

            assertThat(r.ok()).as("%s", r).isTrue();
            assertThat(r.response().body()).hasSize(100_000).containsOnly((byte) 0);
        }
    }

    @Test
    void aDeflateBodyIsDecoded() throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(compressed)) {
            out.write("deflated text ".repeat(100).getBytes(StandardCharsets.UTF_8));
        }
        byte[] body = compressed.toByteArray();
        try (RawServer server = new RawServer(c -> {
                    c.readRequest();
                    c.write("HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\nContent-Length: " + body.length
                            + "\r\n\r\n");
                    c.write(body);
                    c.readRequest();
                });
                FanoutClient client = FanoutClient.create()) {
            Result r = client.fetchAll(List.of(server.url("/"))).get(0);

            assertThat(r.bodyAsString()).isEqualTo("deflated text ".repeat(100));
            assertThat(server.requests().get(0)).containsIgnoringCase("Accept-Encoding: gzip, deflate");
        }
    }

    @Test
    void theCapCountsDecodedBytes(SlowEndpoints server) {
        try (FanoutClient client =
                FanoutClient.builder().maxResponseBytes(50_000).build()) {
            // About 100 bytes on the wire, 100,000 once decoded.
            Result r = client.fetchAll(List.of(server.gzipBody(100_000))).get(0);

            assertThat(r.error().kind()).isEqualTo(ErrorKind.TOO_LARGE);
        }
    }

    @Test
    void aDecompressionBombStopsAtTheCapWithMemoryFlat(SlowEndpoints server) {
        long inflated = 512L << 20; // half a gigabyte of zeros, about half a megabyte on the wire
        String bomb = server.gzipBody(inflated);
        try (FanoutClient client =
                FanoutClient.builder().maxResponseBytes(1 << 20).build()) {
            client.fetchAll(List.of(server.body(1))); // warm up before measuring
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP)
                    .toList();
            System.gc();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            long before = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();

            Result r = client.fetchAll(List.of(bomb)).get(0);

            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            assertThat(r.error().kind()).isEqualTo(ErrorKind.TOO_LARGE);
            // Far below the inflated size: the body stops at 1 MiB, each decoded piece is released at once.
            assertThat(peak - before)
                    .as("heap peak growth in bytes for a %d MB body", inflated >> 20)
                    .isLessThan(inflated / 4);
        }
    }

    @Test
    void aHeadResponseThatSaysGzipHasAnEmptyBody() throws IOException {
        try (RawServer server = new RawServer(c -> {
                    c.readRequest();
                    c.write("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 120\r\n\r\n");
                    c.readRequest();
                    c.write(RawServer.ok("next"));
                    c.readRequest();
                });
                FanoutClient client = FanoutClient.create()) {
            Result head = client.sendAll(List.of(
                            Request.builder(server.url("/")).method("HEAD").build()))
                    .get(0);
            Result next = client.fetchAll(List.of(server.url("/next"))).get(0);

            assertThat(head.status()).as("%s", head).isEqualTo(200);
            assertThat(head.response().body()).isEmpty();
            assertThat(next.bodyAsString()).isEqualTo("next");
            assertThat(server.connections()).isEqualTo(1);
        }
    }
}
