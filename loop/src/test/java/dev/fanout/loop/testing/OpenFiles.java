package dev.fanout.loop.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Counts this process's open file descriptors (sockets among them), on Linux. */
public final class OpenFiles {

    private static final Path FDS = Path.of("/proc/self/fd");

    private OpenFiles() {}

    /** Returns how many file descriptors this process has open. */
    public static long count() {
        try (Stream<Path> fds = Files.list(FDS)) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
