package dev.fanout.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * nginx with one worker process, started for one benchmark run on a free loopback port and
 * stopped after it. Its configuration is one of this package's templates: {@code nginx.conf}
 * (ThroughputBench) or {@code nginx-http2.conf} (Http2FanOutBench); its pid, error log,
 * temporary files and the bodies it serves ({@code /<length>.bin}, one file per body length) live
 * in a working directory of the run's own, never in the system's nginx folders.
 *
 * <p>Not thread-safe: one thread starts, uses and closes it.
 */
final class NginxServer implements AutoCloseable {

    private static final int START_ATTEMPTS = 5;
    private static final long START_TIMEOUT_MS = 10_000;

    private final Process process;
    private final Path dir;
    private final int port;
    private final int statusPort;
    private final Thread killOnExit;

    private NginxServer(Process process, Path dir, int port, int statusPort) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.statusPort = statusPort;
        this.killOnExit = new Thread(process::destroyForcibly, "nginx-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts {@code executable} (for example {@code nginx}) serving a body of each length in
     * {@code bodyLengths}, with {@code dir} as its working directory, and returns once it accepts
     * connections.
     */
    static NginxServer start(String executable, Path dir, int... bodyLengths) throws IOException, InterruptedException {
        Path www = Files.createDirectories(dir.resolve("www"));
        for (int length : bodyLengths) {
            Files.write(www.resolve(length + ".bin"), body(length));
        }
        return start(executable, dir, "nginx.conf", Map.of());
    }

    /**
     * Starts {@code executable} with this package's configuration template {@code template}, in
     * which {@code @DIR@} becomes {@code dir}, {@code @PORT@} and {@code @STATUS_PORT@} two free
     * loopback ports, and each key of {@code values} its value; returns once nginx accepts
     * connections on {@code @PORT@}.
     */
    static NginxServer start(String executable, Path dir, String template, Map<String, String> values)
            throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("temp"));
        String text;
        try (InputStream in = NginxServer.class.getResourceAsStream(template)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace(value.getKey(), value.getValue());
        }
        IOException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            // Another process may take the free port before nginx binds it: then try another.
            int port = freePort();
            int statusPort = freePort();
            while (statusPort == port) {
                statusPort = freePort();
            }
            Files.deleteIfExists(dir.resolve("error.log"));
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(
                    conf,
                    text.replace("@DIR@", dir.toAbsolutePath().toString())
                            .replace("@STATUS_PORT@", String.valueOf(statusPort))
                            .replace("@PORT@", String.valueOf(port)));
            Process process = new ProcessBuilder(
                            executable,
                            "-p",
                            dir.toAbsolutePath().toString(),
                            "-e",
                            dir.resolve("error.log").toAbsolutePath().toString(),
                            "-c",
                            conf.toAbsolutePath().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("nginx.out").toFile())
                    .start();
            if (awaitListening(process, port)) {
                return new NginxServer(process, dir, port, statusPort);
            }
            process.destroyForcibly().waitFor();
            last = new IOException("nginx did not start on port " + port + ": " + errors(dir));
        }
        throw last;
    }

    /** Returns the body served for {@code length}: printable bytes, the same every run. */
    static byte[] body(int length) {
        byte[] body = new byte[length];
        for (int i = 0; i < length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        return body;
    }

    /** Returns the URL of the body of {@code length} bytes. */
    String url(int length) {
        return "http://127.0.0.1:" + port + "/" + length + ".bin";
    }

    /** Returns the port that {@code @PORT@} became. */
    int port() {
        return port;
    }

    /** Returns the port that {@code @STATUS_PORT@} became (nothing listens there unless the template says so). */
    int statusPort() {
        return statusPort;
    }

    /** Returns nginx's working directory, where the template's {@code @DIR@} points. */
    Path dir() {
        return dir;
    }

    /** Returns the version nginx reports, for example {@code nginx/1.22.1}. */
    static String version(String executable) throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder(executable, "-v").redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor();
        return out.replace("nginx version: ", "");
    }

    /** Stops nginx (SIGTERM: its fast shutdown) and waits for it to end. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt(); // the caller's to handle; nginx is on its way down
        }
        Runtime.getRuntime().removeShutdownHook(killOnExit);
    }

    private static boolean awaitListening(Process process, int port) throws InterruptedException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (process.isAlive() && System.currentTimeMillis() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String errors(Path dir) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String name : new String[] {"nginx.out", "error.log"}) {
            Path file = dir.resolve(name);
            if (Files.exists(file)) {
                text.append(Files.readString(file).trim()).append(' ');
            }
        }
        return text.toString().trim();
    }
}
