package dev.fanout.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
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

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
