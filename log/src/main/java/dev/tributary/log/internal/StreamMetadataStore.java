package dev.tributary.log.internal;

import dev.tributary.core.eventstore.StreamMetadata;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metadata of the streams of one partition that have any (limits, free-form JSON, a tombstone), and the test of
 * whether a stored event is still visible under them.
 *
 * <pre>
 * streams.meta: records appended, the last one of a stream wins; rewritten without the overwritten ones when it has
 *   grown to {@value #COMPACT_BYTES} bytes and four times what it holds
 * record | length int32 | crc32c of the payload int32 | payload:
 *          stream (int16 n + UTF-8) | maxCount int64 | maxAge millis int64 (-1: none) | truncateBefore int64 |
 *          tombstone byte | custom (int32 n + UTF-8; -1: none)
 * </pre>
 *
 * <p>Not derived: a change is forced to disk before it applies. A torn last record (a crash while writing) is cut on
 * open; the change it carried was never acknowledged.
 *
 * <p>Thread-safety: only the partition's writer changes it (in a turn of its own, so a change and the appends of the
 * stream are ordered); readers test visibility concurrently through the concurrent map. A partition without
 * metadata opens no file and costs an empty map.
 */
final class StreamMetadataStore {
    private static final System.Logger LOG = System.getLogger(StreamMetadataStore.class.getName());
    static final String FILE = "streams.meta";
    static final int COMPACT_BYTES = 1 << 20;

    /** One stream's metadata, and whether it was deleted for good. */
    record Entry(StreamMetadata metadata, boolean tombstone) {}

    private final Path file;
    private final Clock clock;
    private final Map<String, Entry> entries;
    private FileChannel channel; // writer only; opened at the first change
    private long size; // writer only
    private volatile long generation; // changes made since open

    private StreamMetadataStore(Path file, Clock clock, Map<String, Entry> entries, long size) {
        this.file = file;
        this.clock = clock;
        this.entries = entries;
        this.size = size;
    }

    /** Loads the store of a partition directory, cutting a torn last record. */
    static StreamMetadataStore open(Path partitionDir, Clock clock) throws IOException {
        Path file = partitionDir.resolve(FILE);
        Map<String, Entry> entries = new ConcurrentHashMap<>();
        if (!Files.exists(file)) {
            return new StreamMetadataStore(file, clock, entries, 0);
        }
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file));
        int good = 0;
        while (all.remaining() >= 8) {
            int length = all.getInt(good);
            int crc = all.getInt(good + 4);
            if (length < 0 || good + 8L + length > all.capacity() || OrderSegment.crc(all, good + 8, length) != crc) {
                break;
            }
            ByteBuffer payload = all.duplicate().position(good + 8).limit(good + 8 + length).slice();
            try {
                decode(payload, entries);
            } catch (RuntimeException e) {
                break; // a checksum that matched garbage: as torn
            }
            good += 8 + length;
            all.position(good);
        }
        if (good < all.capacity()) {
            LOG.log(Level.WARNING, file + ": cutting a torn last record (" + (all.capacity() - good) + " bytes)");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(good);
            }
        }
        return new StreamMetadataStore(file, clock, entries, good);
    }

    Entry get(String stream) {
        return entries.get(stream);
    }

    boolean tombstoned(String stream) {
        if (entries.isEmpty()) {
            return false;
        }
        Entry e = entries.get(stream);
        return e != null && e.tombstone();
    }

    /**
     * Whether the event at {@code version} of {@code stream}, appended at {@code time}, is still visible to readers
     * of a stream whose last version is {@code currentVersion}. Events outside streams always are.
     */
    boolean visible(String stream, long version, Instant time, long currentVersion) {
        if (stream == null || entries.isEmpty()) {
            return true;
        }
        Entry e = entries.get(stream);
        if (e == null) {
            return true;
        }
        if (e.tombstone()) {
            return false;
        }
        StreamMetadata m = e.metadata();
        if (version < m.firstVersion(currentVersion)) {
            return false;
        }
        return m.maxAge() == null || !time.isBefore(clock.instant().minus(m.maxAge()));
    }

    /** Counts the changes: a test of visibility made under one generation holds until the next. */
    long generation() {
        return generation;
    }

    /** True when some stream keeps events by age: visibility changes with time alone. */
    boolean hasAgeLimits() {
        for (Entry e : entries.values()) {
            if (e.metadata().maxAge() != null && !e.tombstone()) {
                return true;
            }
        }
        return false;
    }

    /** True when no stream has metadata: every event is visible. */
    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Writer only: records {@code entry} for {@code stream}, durably when {@code force}, then applies it. */
    void put(String stream, Entry entry, boolean force) throws IOException {
        byte[] record = encode(stream, entry);
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
        long at = size;
        ByteBuffer b = ByteBuffer.wrap(record);
        try {
            while (b.hasRemaining()) {
                at += channel.write(b, at);
            }
            if (force) {
                channel.force(false);
            }
        } catch (IOException e) {
            channel.truncate(size);
            throw e;
        }
        size = at;
        entries.put(stream, entry);
        generation++;
        if (size >= COMPACT_BYTES && size > 4L * liveBytes()) {
            compact();
        }
    }

    private long liveBytes() {
        long total = 0;
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            total += 64 + e.getKey().length() + (e.getValue().metadata().custom() == null ? 0
                    : e.getValue().metadata().custom().length() * 3L);
        }
        return total;
    }

    /** Rewrites the file with one record per stream (to a temporary name, forced, renamed). */
    private void compact() {
        Path tmp = SegmentFileNames.temp(file);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                out.write(encode(e.getKey(), e.getValue()));
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(out.toByteArray());
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            channel.close();
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            channel = FileChannel.open(file, StandardOpenOption.WRITE);
            size = channel.size();
        } catch (IOException e) {
            // the old file is whole: it only stays larger
            LOG.log(Level.WARNING, file + ": could not compact", e);
            try {
                channel = FileChannel.open(file, StandardOpenOption.WRITE);
                size = channel.size();
            } catch (IOException again) {
                channel = null;
            }
        }
    }

    void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, file + ": could not close", e);
            }
        }
    }

    // ---- records ----

    private static byte[] encode(String stream, Entry entry) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        StreamMetadata m = entry.metadata();
        byte[] id = stream.getBytes(StandardCharsets.UTF_8);
        out.writeShort(id.length);
        out.write(id);
        out.writeLong(m.maxCount());
        out.writeLong(m.maxAge() == null ? -1 : m.maxAge().toMillis());
        out.writeLong(m.truncateBefore());
        out.writeByte(entry.tombstone() ? 1 : 0);
        byte[] custom = m.custom() == null ? null : m.custom().getBytes(StandardCharsets.UTF_8);
        out.writeInt(custom == null ? -1 : custom.length);
        if (custom != null) {
            out.write(custom);
        }
        byte[] payload = bytes.toByteArray();
        ByteBuffer record = ByteBuffer.allocate(8 + payload.length);
        record.putInt(payload.length).putInt(OrderSegment.crc(ByteBuffer.wrap(payload), 0, payload.length)).put(payload);
        return record.array();
    }

    private static void decode(ByteBuffer b, Map<String, Entry> into) {
        byte[] id = new byte[b.getShort() & 0xffff];
        b.get(id);
        long maxCount = b.getLong();
        long maxAge = b.getLong();
        long truncateBefore = b.getLong();
        boolean tombstone = b.get() == 1;
        int n = b.getInt();
        String custom = null;
        if (n >= 0) {
            byte[] text = new byte[n];
            b.get(text);
            custom = new String(text, StandardCharsets.UTF_8);
        }
        into.put(new String(id, StandardCharsets.UTF_8), new Entry(new StreamMetadata(maxCount,
                maxAge < 0 ? null : Duration.ofMillis(maxAge), truncateBefore, custom), tombstone));
    }
}
