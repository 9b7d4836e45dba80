package dev.tributary.server.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The modification times of the files something was read from, so that it is read again when one changes: the
 * node's certificate and key, the client CA, the certificate-to-scopes mapping and a JWKS file all rotate this way,
 * without a restart. A file that cannot be looked at (mid-rename, say) has a time that matches no real one, so it
 * looks changed until it is back and read. Thread-safe.
 */
public final class WatchedFiles {
    private static final FileTime UNREADABLE = FileTime.fromMillis(Long.MIN_VALUE);

    private final List<Path> files;
    private volatile List<FileTime> read = List.of();

    public WatchedFiles(List<Path> files) {
        this.files = List.copyOf(files);
    }

    /** The files' times now: take them before reading the files, and pass them to {@link #read} once that worked. */
    public List<FileTime> times() {
        List<FileTime> times = new ArrayList<>(files.size());
        for (Path file : files) {
            try {
                times.add(Files.getLastModifiedTime(file));
            } catch (IOException e) {
                times.add(UNREADABLE);
            }
        }
        return times;
    }

    /** Whether a file changed since it was last {@linkplain #read read} (true before the first read). */
    public boolean changed() {
        return !times().equals(read);
    }

    /** Records that the files were read as they were at {@code times}. */
    public void read(List<FileTime> times) {
        read = List.copyOf(times);
    }
}
