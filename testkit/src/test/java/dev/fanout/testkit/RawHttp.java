package dev.fanout.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 written and read by hand on one socket, so a test sees exactly the bytes. */
final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final String authority;

    private RawHttp(Socket socket, String authority) {
        this.socket = socket;
        this.authority = authority;
    }

    /** Returns {@code n} bytes of the hostile server's filler: a to z, over and over. */
    static String filler(int n) {
        StringBuilder bytes = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            bytes.append((char) ('a' + i % 26));
        }
        return bytes.toString();
    }

    /** Opens a connection to the host and port of {@code url}. */
    static RawHttp connect(String url) throws IOException {
        URI uri = URI.create(url);
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(10_000);
        return new RawHttp(socket, uri.getHost() + ":" + uri.getPort());
    }

    /** Opens a connection and sends one GET for {@code url}. */
    static RawHttp get(String url) throws IOException {
        RawHttp raw = connect(url);
        raw.send(url);
        return raw;
    }

    /** Sends a GET for the path and query of {@code url} on this connection. */
    void send(String url) throws IOException {
        URI uri = URI.create(url);
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String request = "GET " + target + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** Sends {@code text} (US-ASCII) as it is. */
    void sendRaw(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** Reads until the peer closes the connection; throws if it resets it. */
    String readToEnd() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        socket.getInputStream().transferTo(bytes);
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads one chunked response (headers and body), leaving the connection open. */
    String readChunkedResponse() throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder response = new StringBuilder();
        while (!(response.indexOf("\r\n\r\n") >= 0 && response.toString().endsWith("\r\n0\r\n\r\n"))) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + response);
            }
            response.append((char) b);
        }
        return response.toString();
    }

    /** Reads a response head: up to and with the blank line that ends it. */
    String readHead() throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /** Reads exactly {@code n} bytes, as ISO-8859-1; throws if the connection ends first. */
    String readExactly(int n) throws IOException {
        byte[] bytes = socket.getInputStream().readNBytes(n);
        if (bytes.length < n) {
            throw new IOException("connection closed after " + bytes.length + " of " + n + " bytes");
        }
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /**
     * Tells whether nothing arrives, and the connection stays open, for {@code millis}: true if the
     * read timed out, false if a byte or the end of the stream came.
     */
    boolean staysSilentFor(int millis) throws IOException {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            socket.getInputStream().read();
            return false;
        } catch (SocketTimeoutException silent) {
            return true;
        } finally {
            socket.setSoTimeout(timeout);
        }
    }

    /** Returns the socket's input, for a test that reads in its own way. */
    InputStream in() throws IOException {
        return socket.getInputStream();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
