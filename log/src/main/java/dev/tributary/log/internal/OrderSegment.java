package dev.tributary.log.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * One file of a bus's global order: the entries from {@link #basePosition()} on, each naming one group commit of one
 * partition. The entries are the truth of the order (not derived: they are checksummed and fsynced), and each one is
 * written only once the group it names is durable, so an entry never points at data a crash could lose.
 *
 * <p>File layout (big-endian):
 *
 * <pre>
 * header  | magic "TRBORDR1" (8) | partitions int32 | covered end of each partition int64 × partitions | crc32c int32 |
 *           (covered end: the offset after the last event of the partition that an entry before this file names)
 * entries | position int64 | offset int64 | partition int32 | count int32 | crc32c int32 |   28 bytes each
 *           (position: the global position of the group's first event; offset: its offset in the partition;
 *            crc32c of the 24 bytes before it)
 * </pre>
 *
 * <p>Entries are in position order and their positions are gap-free: each starts where the one before ended. The
 * entries of one partition are in offset order. The file of the last entries is kept zeros ahead of them (from
 * {@value #MIN_PREALLOCATE} bytes for a quiet bus up to {@value #MAX_PREALLOCATE} for a busy one), so that an fsync
 * of new entries flushes their pages without also committing a new file size to the file system's journal (which
 * made each one cost about two); an all-zero entry is the end, and a sealed file is cut back to its entries. A node
 * of ten thousand quiet buses so holds 640 MiB of zeros at most, not ten gigabytes.
 *
 * <p>Thread-safety: only the order's sequencer appends, truncates or seals; readers read positionally any entry below
 * {@link #entries()}, which the sequencer publishes after the entries are durable.
 */
final class OrderSegment {
    static final int ENTRY_BYTES = 28;
    static final int MIN_PREALLOCATE = 64 << 10;
    static final int MAX_PREALLOCATE = 1 << 20;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 * 1024);
    private static final long MAGIC = 0x5452424f52445231L; // "TRBORDR1"

    private final Path file;
    private final long basePosition;
    private final int headerBytes;
    private final FileChannel channel;
    private volatile int entries;
    private volatile long endPosition;
    private long allocated; // sequencer only: the file's size, zeros beyond the entries

    private OrderSegment(Path file, long basePosition, int partitions, FileChannel channel, int entries, long end) {
        this.file = file;
        this.basePosition = basePosition;
        this.headerBytes = headerBytes(partitions);
        this.channel = channel;
        this.entries = entries;
        this.endPosition = end;
        try {
            this.allocated = channel.size();
        } catch (IOException e) {
            this.allocated = 0; // the next write finds out
        }
    }

    static int headerBytes(int partitions) {
        return 8 + 4 + 8 * partitions + 4;
    }

    /** Creates a new, empty file whose header records {@code coveredEnds}; fsynced before it returns. */
    static OrderSegment create(Path file, long basePosition, long[] coveredEnds, FileChannels channels)
            throws IOException {
        FileChannel ch = channels.open(
                file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            ByteBuffer header = ByteBuffer.allocate(headerBytes(coveredEnds.length));
            header.putLong(MAGIC).putInt(coveredEnds.length);
            for (long end : coveredEnds) {
                header.putLong(end);
            }
            header.putInt(crc(header, 0, header.position()));
            header.flip();
            long at = 0;
            while (header.hasRemaining()) {
                at += ch.write(header, at);
            }
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return new OrderSegment(file, basePosition, coveredEnds.length, ch, 0, basePosition);
    }

    /**
     * Opens an existing file and reads its header into {@code coveredEnds}. Its entries are counted from its size
     * (whole entries only) and not yet checked; {@link #endPosition()} is set by the caller once it has checked them.
     */
    static OrderSegment open(Path file, long basePosition, long[] coveredEnds, FileChannels channels)
            throws IOException {
        FileChannel ch = channels.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            int partitions = coveredEnds.length;
            ByteBuffer header = ByteBuffer.allocate(headerBytes(partitions));
            readFully(ch, header, 0);
            if (header.position() < header.capacity()
                    || header.getLong(0) != MAGIC
                    || header.getInt(8) != partitions
                    || header.getInt(header.capacity() - 4) != crc(header, 0, header.capacity() - 4)) {
                throw new IOException("the header of " + file + " is not that of an order file of " + partitions
                        + " partitions");
            }
            for (int p = 0; p < partitions; p++) {
                coveredEnds[p] = header.getLong(12 + 8 * p);
            }
            long whole = (ch.size() - headerBytes(partitions)) / ENTRY_BYTES;
            return new OrderSegment(file, basePosition, partitions, ch, (int) Math.max(0, whole), basePosition);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    Path file() {
        return file;
    }

    long basePosition() {
        return basePosition;
    }

    FileChannel channel() {
        return channel;
    }

    /** Durable entries, readable. */
    int entries() {
        return entries;
    }

    /** The position after this file's last durable entry. */
    long endPosition() {
        return endPosition;
    }

    /** Sequencer only: publishes entries written and forced. */
    void commit(int entries, long endPosition) {
        this.endPosition = endPosition;
        this.entries = entries;
    }

    long byteOffsetOf(int entry) {
        return headerBytes + (long) entry * ENTRY_BYTES;
    }

    /** Sequencer only: cuts the file back to {@code entries} entries (and its zeros). */
    void truncate(int entries, long endPosition) throws IOException {
        channel.truncate(byteOffsetOf(entries));
        allocated = byteOffsetOf(entries);
        commit(entries, endPosition);
    }

    /** Sequencer only: writes the encoded entries of {@code encoded} from entry {@code entry} on (not forced). */
    void write(int entry, ByteBuffer encoded) throws IOException {
        long at = byteOffsetOf(entry);
        allocate(at + encoded.remaining());
        while (encoded.hasRemaining()) {
            at += channel.write(encoded, at);
        }
    }

    /** Makes sure the file reaches {@code size}, with zeros ahead: half the file's size, within the bounds. */
    private void allocate(long size) throws IOException {
        if (size <= allocated) {
            return;
        }
        long ahead = Math.min(MAX_PREALLOCATE, Math.max(MIN_PREALLOCATE, allocated / 2));
        long target = Math.max(size, allocated + ahead);
        long at = allocated;
        while (at < target) {
            ByteBuffer zeros = ZEROS.duplicate();
            zeros.limit((int) Math.min(zeros.capacity(), target - at));
            at += channel.write(zeros, at);
        }
        allocated = target;
    }

    /** Reads entries {@code from..from+count} into {@code into} (cleared first); throws at a short read. */
    void read(int from, int count, ByteBuffer into) throws IOException {
        into.clear().limit(count * ENTRY_BYTES);
        readFully(channel, into, byteOffsetOf(from));
        if (into.hasRemaining()) {
            throw new IOException(file + " ends inside entry " + (from + count - 1));
        }
        into.flip();
    }

    private static void readFully(FileChannel ch, ByteBuffer into, long at) throws IOException {
        while (into.hasRemaining()) {
            int n = ch.read(into, at + into.position());
            if (n < 0) {
                return;
            }
        }
    }

    void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a read-only view of a file that is going away
        }
    }

    // ---- entries ----

    static void encode(ByteBuffer b, long position, int partition, long offset, int count) {
        int start = b.position();
        b.putLong(position).putLong(offset).putInt(partition).putInt(count);
        b.putInt(crc(b, start, 24));
    }

    static long position(ByteBuffer b, int entry) {
        return b.getLong(entry * ENTRY_BYTES);
    }

    static long offset(ByteBuffer b, int entry) {
        return b.getLong(entry * ENTRY_BYTES + 8);
    }

    static int partition(ByteBuffer b, int entry) {
        return b.getInt(entry * ENTRY_BYTES + 16);
    }

    static int count(ByteBuffer b, int entry) {
        return b.getInt(entry * ENTRY_BYTES + 20);
    }

    /** True for the zeros kept ahead of the entries. */
    static boolean isZero(ByteBuffer b, int entry) {
        int start = entry * ENTRY_BYTES;
        for (int i = 0; i < ENTRY_BYTES; i += 4) {
            if (b.getInt(start + i) != 0) {
                return false;
            }
        }
        return true;
    }

    static boolean checksumMatches(ByteBuffer b, int entry) {
        int start = entry * ENTRY_BYTES;
        return b.getInt(start + 24) == crc(b, start, 24);
    }

    /** The CRC32C of {@code length} bytes of {@code b} from {@code from}, as the files of the order store it. */
    static int crc(ByteBuffer b, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(b.duplicate().limit(from + length).position(from));
        return (int) crc.getValue();
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
