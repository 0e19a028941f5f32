package dev.fanout.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback port whose connects never complete: a listening socket that never accepts, its
 * backlog filled by sockets of its own, so the kernel leaves further SYNs unanswered.
 */
final class FullBacklog implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Socket> fillers = new ArrayList<>();

    FullBacklog() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        try {
            for (int i = 0; i < 8; i++) {
                Socket s = new Socket();
                try {
                    s.connect(listener.getLocalSocketAddress(), 200);
                    fillers.add(s);
                } catch (IOException backlogFull) {
                    s.close();
                    return;
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Returns a URL on the port, at {@code path}. */
    String url(String path) {
        return "http://127.0.0.1:" + listener.getLocalPort() + path;
    }

    @Override
    public void close() throws IOException {
        for (Socket s : fillers) {
            s.close();
        }
        listener.close();
    }
}
