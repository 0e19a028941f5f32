package dev.fanout.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * nginx (one worker) speaking HTTP/2 over TLS, each request held by the echo module's
 * {@code echo_sleep}, configured by this package's {@code nginx-http2.conf}. Its certificate is
 * made at start-up with {@code openssl}, into nginx's working directory: a key is never kept in
 * the tree.
 *
 * <p>Counts per batch: connections from stub_status's {@code accepts} on a port of its own;
 * requests, streams held at once (all connections, and on one connection) and protocols from the
 * access log, which has one line per request with its connection's serial number, its end time
 * and its duration, to the millisecond.
 *
 * <p>Not thread-safe: the bench's main thread starts, uses and closes it.
 */
final class NginxHttp2Origin implements Http2Origin {

    private static final Pattern ACCEPTS = Pattern.compile("server accepts handled requests\\s+(\\d+)");

    private static final long QUIET_MS = 200;

    private final NginxServer nginx;
    private final String version;
    private final Duration delay;
    private long acceptsBefore;
    private long logOffset;

    private NginxHttp2Origin(NginxServer nginx, String version, Duration delay) {
        this.nginx = nginx;
        this.version = version;
        this.delay = delay;
    }

    /**
     * Starts {@code executable} with the echo module at {@code echoModule} (Debian's
     * {@code libnginx-mod-http-echo}), in the working directory {@code dir}, holding each request
     * for {@code delay}.
     */
    static NginxHttp2Origin start(String executable, String echoModule, Path dir, Duration delay)
            throws IOException, InterruptedException {
        if (!Files.exists(Path.of(echoModule))) {
            throw new IllegalStateException("no echo module at " + echoModule
                    + " (expected: apt-get install -y libnginx-mod-http-echo, or --echo-module PATH)");
        }
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("access.log"));
        makeCertificate(dir);
        NginxServer nginx = NginxServer.start(
                executable,
                dir,
                "nginx-http2.conf",
                Map.of("@ECHO_MODULE@", echoModule, "@DELAY@", String.format("%.3f", delay.toMillis() / 1000.0)));
        return new NginxHttp2Origin(nginx, NginxServer.version(executable), delay);
    }

    /** Makes a self-signed EC certificate for 127.0.0.1, valid two days, and its key. */
    private static void makeCertificate(Path dir) throws IOException, InterruptedException {
        Process openssl = new ProcessBuilder(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "ec",
                        "-pkeyopt",
                        "ec_paramgen_curve:prime256v1",
                        "-nodes",
                        "-days",
                        "2",
                        "-subj",
                        "/CN=127.0.0.1",
                        "-addext",
                        "subjectAltName=IP:127.0.0.1",
                        "-keyout",
                        dir.resolve("key.pem").toString(),
                        "-out",
                        dir.resolve("cert.pem").toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (openssl.waitFor() != 0) {
            throw new IllegalStateException("openssl could not make a certificate: " + out);
        }
    }

    @Override
    public String name() {
        return "nginx";
    }

    @Override
    public String describe() {
        return version + " (1 worker, http2_max_concurrent_streams 128, echo_sleep " + delay.toMillis() + " ms)";
    }

    @Override
    public List<String> urls(int n) {
        List<String> urls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            urls.add("https://127.0.0.1:" + nginx.port() + "/delay/" + i);
        }
        return urls;
    }

    @Override
    public Path certificatePem() {
        return nginx.dir().resolve("cert.pem").toAbsolutePath();
    }

    @Override
    public void beforeBatch() throws IOException {
        acceptsBefore = accepts();
        logOffset = Files.size(accessLog());
    }

    @Override
    public OriginCounts afterBatch() throws IOException, InterruptedException {
        awaitQuietLog();
        // Each accepts() opens one connection to the status port, counted in the answer it gets:
        // the one that answered acceptsBefore is already in it, the one asking now is not the batch's.
        long opened = accepts() - acceptsBefore - 1;
        List<long[]> requests = new ArrayList<>(); // connection, start ms, end ms
        int http2 = 0;
        try (RandomAccessFile log = new RandomAccessFile(accessLog().toFile(), "r")) {
            log.seek(logOffset);
            byte[] bytes = new byte[(int) (log.length() - logOffset)];
            log.readFully(bytes);
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                String[] fields = line.split(" "); // $connection $msec $request_time $status $server_protocol
                if (fields.length < 5) {
                    continue;
                }
                long end = Math.round(Double.parseDouble(fields[1]) * 1000);
                long took = Math.round(Double.parseDouble(fields[2]) * 1000);
                requests.add(new long[] {Long.parseLong(fields[0]), end - took, end});
                if (fields[4].equals("HTTP/2.0")) {
                    http2++;
                }
            }
        }
        Map<Long, List<long[]>> byConnection = new HashMap<>();
        for (long[] request : requests) {
            byConnection.computeIfAbsent(request[0], c -> new ArrayList<>()).add(request);
        }
        int peakOnOne = 0;
        for (List<long[]> onOne : byConnection.values()) {
            peakOnOne = Math.max(peakOnOne, Overlap.peak(onOne));
        }
        return new OriginCounts(opened, requests.size(), Overlap.peak(requests), peakOnOne, http2);
    }

    /**
     * Waits until the access log has stopped growing for {@link #QUIET_MS}: nginx writes a
     * request's line once its stream has closed, which may come just after the client has read
     * the answer.
     */
    private void awaitQuietLog() throws IOException, InterruptedException {
        long size = Files.size(accessLog());
        while (true) {
            Thread.sleep(QUIET_MS);
            long now = Files.size(accessLog());
            if (now == size) {
                return;
            }
            size = now;
        }
    }

    private Path accessLog() {
        return nginx.dir().resolve("access.log");
    }

    /** Returns stub_status's count of accepted connections, asking over a connection of its own. */
    private long accepts() throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), nginx.statusPort())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            Matcher accepts = ACCEPTS.matcher(answer);
            if (!accepts.find()) {
                throw new IOException("stub_status answered: " + answer);
            }
            return Long.parseLong(accepts.group(1));
        }
    }

    @Override
    public void close() {
        nginx.close();
    }
}
