package dev.tributary.log;

import java.nio.file.Path;

/** A stored record failed its checksum or could not be decoded. Names the file and the byte position. */
public class CorruptLogException extends StorageException {
    private final transient Path file;
    private final long position;

    public CorruptLogException(Path file, long position, String reason) {
        super("segment " + file + " is corrupt at position " + position + ": " + reason);
        this.file = file;
        this.position = position;
    }

    public Path file() {
        return file;
    }

    public long position() {
        return position;
    }
}
