package dev.fanout.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The gzip bomb: a valid gzip body, a thousandth of its inflated size, of zeros only. */
class HostileGzipBombTest {

    private static final Pattern LENGTH = Pattern.compile("Content-Length: (\\d+)\r\n");

    @Test
    void aSmallGzipBodyInflatesToExactlyTheSizeAsked() throws Exception {
        long inflated = (256L << 20) + 12_345; // not a whole number of the server's 1 MiB runs
        try (HostileServer server = HostileServer.start();
                RawHttp raw = RawHttp.get(server.gzipBomb(inflated))) {
            String head = raw.readHead();
            Matcher length = LENGTH.matcher(head);
            assertThat(length.find()).as(head).isTrue();
            int wire = Integer.parseInt(length.group(1));
            byte[] body = raw.in().readNBytes(wire);

            assertThat(head)
                    .startsWith("HTTP/1.1 200 OK\r\n")
                    .contains("Content-Encoding: gzip\r\n")
                    .doesNotContain("Transfer-Encoding");
            assertThat(body).hasSize(wire);
            assertThat((long) wire).isLessThan(inflated / 500);
            // GZIPInputStream checks the trailer too: the CRC-32 and the length of what it inflated.
            assertThat(zerosInflatedFrom(body)).isEqualTo(inflated);
            raw.send(server.ok());
            assertThat(raw.readHead()).as("kept alive").startsWith("HTTP/1.1 200 OK");
        }
    }

    @Test
    void anEmptyBombIsAValidGzipOfNothing() throws Exception {
        try (HostileServer server = HostileServer.start();
                RawHttp raw = RawHttp.get(server.gzipBomb(0))) {
            String head = raw.readHead();
            assertThat(head).contains("Content-Length: 20\r\n");

            assertThat(zerosInflatedFrom(raw.in().readNBytes(20))).isZero();
        }
    }

    /** Inflates {@code gzip}, failing on any byte that is not zero; returns how many there were. */
    private static long zerosInflatedFrom(byte[] gzip) throws IOException {
        long n = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                for (int i = 0; i < read; i++) {
                    if (buffer[i] != 0) {
                        throw new AssertionError("byte " + (n + i) + " is " + buffer[i]);
                    }
                }
                n += read;
            }
        }
        return n;
    }
}
