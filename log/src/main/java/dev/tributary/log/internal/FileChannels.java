package dev.tributary.log.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * The file-system seam through which segment files are opened, so that a test can hand out channels that fail on
 * {@code write} or {@code force} (a full disk, a failing device). Derived files (indexes, snapshots) do not go through
 * it: their failures are never fatal.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
interface FileChannels {

    FileChannels DEFAULT = FileChannel::open;

    FileChannel open(Path path, OpenOption... options) throws IOException;
}
