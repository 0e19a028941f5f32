package dev.fanout.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP server on raw sockets for tests, on 127.0.0.1 and a dynamic port: each accepted
 * connection is handed to the test's {@link Handler}, which reads requests and writes whatever
 * bytes it likes, well-formed or hostile. One thread per connection (test code, not the client).
 */
final class RawServer implements AutoCloseable {

    /** What the server does with one connection. */
    @FunctionalInterface
    interface Handler {
        void handle(Conn conn) throws IOException;
    }

    private final ServerSocket socket;
    private final Handler handler;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    RawServer(Handler handler) throws IOException {
        this.socket = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        this.handler = handler;
        this.acceptor = new Thread(this::acceptLoop, "raw-server-" + socket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Returns {@code http://127.0.0.1:PORT} + path. */
    String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Returns how many connections were accepted. */
    int connections() {
        return connections.get();
    }

    /** Returns the head (request line and headers) of every request read, in order. */
    List<String> requests() {
        return requests;
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                connections.incrementAndGet();
                open.add(s);
                Thread t = new Thread(
                        () -> {
                            try (s) {
                                handler.handle(new Conn(s));
                            } catch (IOException ignored) {
                                // the client went away: fine for a test server
                            }
                        },
                        "raw-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : open) {
            s.close();
        }
    }

    /** One accepted connection. */
    final class Conn {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** Reads one request's head and body (by Content-Length); returns the head, or null at end of stream. */
        String readRequest() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int last = 0;
            int b;
            boolean complete = false;
            while (!complete && (b = in.read()) != -1) {
                head.write(b);
                last = (last << 8) | b;
                complete = last == 0x0d0a0d0a;
            }
            if (!complete) {
                return null;
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int length = 0;
            for (String line : text.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            byte[] body = in.readNBytes(length);
            requests.add(text + new String(body, StandardCharsets.UTF_8));
            return text;
        }

        /** Writes {@code text} (ISO-8859-1) and flushes. */
        void write(String text) throws IOException {
            write(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Closes with a TCP reset. */
        void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }
    }

    /** Returns a complete 200 response with {@code body} and a Content-Length. */
    static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Length: " + body.getBytes(StandardCharsets.ISO_8859_1).length
                + "\r\nContent-Type: text/plain\r\n\r\n" + body;
    }
}
