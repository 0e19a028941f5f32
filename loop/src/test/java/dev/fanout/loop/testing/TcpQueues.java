package dev.fanout.loop.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's queues of this machine's established TCP connections (Linux {@code /proc/net/tcp}
 * and {@code tcp6}): what a peer sent that the application has not read yet, and what was sent
 * that the peer's kernel has not acknowledged yet. Evidence, for a test, that bytes written on
 * one side were received and read on the other.
 */
public final class TcpQueues {

    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    private static final String ESTABLISHED = "01";

    /**
     * One established connection as the kernel sees it.
     *
     * @param localPort this end's port
     * @param remotePort the other end's port
     * @param unacknowledged bytes sent from this end that the other end has not acknowledged
     * @param unread bytes received at this end that its application has not read
     */
    public record Connection(int localPort, int remotePort, long unacknowledged, long unread) {}

    private TcpQueues() {}

    /** Returns every established TCP connection's queues, IPv4 and IPv6. */
    public static List<Connection> established() {
        List<Connection> connections = new ArrayList<>();
        for (Path table : TABLES) {
            if (!Files.exists(table)) {
                continue;
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(table);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // "sl local_address rem_address st tx_queue:rx_queue ...", addresses as HEXADDR:HEXPORT.
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (!fields[3].equals(ESTABLISHED)) {
                    continue;
                }
                String[] queues = fields[4].split(":");
                connections.add(new Connection(
                        port(fields[1]),
                        port(fields[2]),
                        Long.parseLong(queues[0], 16),
                        Long.parseLong(queues[1], 16)));
            }
        }
        return connections;
    }

    /** Returns the established connections whose other end listens on {@code port}: clients of a server there. */
    public static List<Connection> toPort(int port) {
        return established().stream().filter(c -> c.remotePort() == port).toList();
    }

    /** Returns the established connections whose own end is {@code port}: a server's side of them. */
    public static List<Connection> atPort(int port) {
        return established().stream().filter(c -> c.localPort() == port).toList();
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1), 16);
    }
}
