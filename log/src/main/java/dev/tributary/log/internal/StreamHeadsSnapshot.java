package dev.tributary.log.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The {@code streams.snapshot} file of a partition: every stream head and the offset up to which they are complete,
 * so that opening a partition with a million streams replays only the records after it.
 *
 * <pre>
 * +-------------+-------------+-----------------+-------------+
 * | magic int32 | format int32| covered end i64 | count int64 |
 * +-------------+-------------+-----------------+-------------+
 * | per head: int32 n, n bytes UTF-8 id, version int64, offset int64 |
 * +------------------------------------------------------------------+
 * | crc32c int32 of every byte before it                              |
 * +------------------------------------------------------------------+
 * </pre>
 *
 * Written crash-safely (temp file, fsync, atomic rename). Derived data: a missing or invalid snapshot only makes the
 * next open slower (the heads are rebuilt from the log).
 *
 * <p>Stateless and thread-safe; {@link #write} must run on the partition writer (see {@link StreamHeads#forEach}).
 */
final class StreamHeadsSnapshot {
    private static final int MAGIC = 0x54525348; // "TRSH"
    private static final int FORMAT = 1;

    private StreamHeadsSnapshot() {}

    static void write(Path file, StreamHeads heads, long coveredEnd) throws IOException {
        Path temp = SegmentFileNames.temp(file);
        CRC32C crc = new CRC32C();
        try (FileChannel ch = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream raw = Channels.newOutputStream(ch);
            DataOutputStream out =
                    new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc));
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeLong(coveredEnd);
            out.writeLong(heads.size());
            IOException[] failure = new IOException[1];
            heads.forEach((id, version, offset) -> {
                if (failure[0] != null) {
                    return;
                }
                try {
                    byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(bytes.length);
                    out.write(bytes);
                    out.writeLong(version);
                    out.writeLong(offset);
                } catch (IOException e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
            out.flush();
            new DataOutputStream(raw).writeInt((int) crc.getValue());
            ch.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Loads the heads into {@code heads}; returns the covered end, or -1 when the file is missing or invalid. */
    static long read(Path file, StreamHeads heads) {
        if (!Files.exists(file)) {
            return -1;
        }
        CRC32C crc = new CRC32C();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
            if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
                return -1;
            }
            long covered = in.readLong();
            long count = in.readLong();
            for (long i = 0; i < count; i++) {
                int n = in.readInt();
                if (n <= 0 || n > 1 << 20) {
                    heads.clear();
                    return -1;
                }
                String id = new String(in.readNBytes(n), StandardCharsets.UTF_8);
                heads.put(id, in.readLong(), in.readLong());
            }
            int expected = (int) crc.getValue();
            if (new DataInputStream(raw).readInt() != expected) {
                heads.clear();
                return -1;
            }
            return covered;
        } catch (IOException | RuntimeException e) {
            heads.clear();
            return -1;
        }
    }
}
