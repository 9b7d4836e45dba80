package dev.tributary.log.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Walks the records of a segment file between two byte positions with positional reads in large chunks, verifying
 * each record's length and checksum. The current record sits in {@link #buffer()} at {@link #recordStart()}.
 *
 * <p>Not thread-safe (one per read); the channel is shared and only read positionally. Never throws for bad data:
 * {@link #next()} reports {@link Status#TORN} or {@link Status#CORRUPT} and the caller decides (truncate during
 * recovery, throw during reads). I/O errors propagate as {@link IOException}.
 */
final class RecordScanner {
    enum Status {
        RECORD,
        END,
        /** The record's length runs past the end: a write that did not finish. */
        TORN,
        /** An impossible length or a checksum mismatch. */
        CORRUPT
    }

    private final FileChannel channel;
    private final long end;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer buf;
    private long bufFilePos; // file position of buf[0]
    private int bufLimit; // valid bytes in buf
    private int next; // index in buf of the next record
    private int current = -1;
    private int currentSize;
    private boolean verify = true;

    RecordScanner(FileChannel channel, long start, long end, int chunkBytes) {
        this.channel = channel;
        this.end = end;
        // No bigger than what lies between start and end: a reader at the tail of a partition reads a record or two,
        // many times a second, and a full chunk per read made most of the node's garbage (and its GC pauses).
        this.buf = ByteBuffer.allocate((int) Math.max(64, Math.min(chunkBytes, end - start)));
        this.bufFilePos = start;
    }

    /** Skips checksum checks (used only where the caller re-checks). */
    RecordScanner withoutChecksums() {
        verify = false;
        return this;
    }

    Status next() throws IOException {
        current = -1;
        long pos = bufFilePos + next;
        if (pos >= end) {
            return Status.END;
        }
        if (!ensure(RecordCodec.BODY_AT)) {
            return Status.TORN;
        }
        int length = buf.getInt(next);
        if (length < RecordCodec.BODY_AT - RecordCodec.LENGTH_FIELD || length > RecordCodec.MAX_RECORD_BYTES) {
            return Status.CORRUPT;
        }
        int size = length + RecordCodec.LENGTH_FIELD;
        if (pos + size > end) {
            return Status.TORN;
        }
        if (!ensure(size)) {
            return Status.TORN;
        }
        if (verify && !RecordCodec.checksumMatches(buf, next, size, crc)) {
            return Status.CORRUPT;
        }
        current = next;
        currentSize = size;
        next += size;
        return Status.RECORD;
    }

    /** Makes {@code bytes} bytes from {@code next} available in the buffer; false when the file ends first. */
    private boolean ensure(int bytes) throws IOException {
        if (bufLimit - next >= bytes) {
            return true;
        }
        // compact: move the partial record to the front, grow if one record is larger than the buffer
        int kept = bufLimit - next;
        if (bytes > buf.capacity()) {
            ByteBuffer bigger = ByteBuffer.allocate(bytes);
            bigger.put(0, buf, next, kept);
            buf = bigger;
        } else if (next > 0) {
            buf.put(0, buf, next, kept);
        }
        bufFilePos += next;
        next = 0;
        bufLimit = kept;
        while (bufLimit < bytes) {
            long filePos = bufFilePos + bufLimit;
            if (filePos >= end) {
                return false;
            }
            int want = (int) Math.min(buf.capacity() - bufLimit, end - filePos);
            ByteBuffer view = buf.duplicate();
            view.clear().position(bufLimit).limit(bufLimit + want);
            int n = channel.read(view, filePos);
            if (n < 0) {
                return false;
            }
            bufLimit += n;
        }
        return true;
    }

    /** The file position of the record just returned, or where scanning stopped after a non-RECORD status. */
    long position() {
        return current >= 0 ? bufFilePos + current : bufFilePos + next;
    }

    ByteBuffer buffer() {
        return buf;
    }

    int recordStart() {
        return current;
    }

    /** Whole record size including the length field. */
    int recordSize() {
        return currentSize;
    }
}
