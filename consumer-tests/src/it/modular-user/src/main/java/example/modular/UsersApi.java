package example.modular;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A tiny users API on a loopback port of its own: GET /users/{id} answers that user as JSON. */
final class UsersApi implements AutoCloseable {

    private final HttpServer server;

    UsersApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/users/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/users/".length());
            byte[] body = ("{\"id\":" + Long.parseLong(id) + ",\"name\":\"user " + id + "\",\"extra\":true}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
