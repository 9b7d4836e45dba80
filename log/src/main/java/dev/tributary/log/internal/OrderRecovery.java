package dev.tributary.log.internal;

import dev.tributary.log.Durability;
import dev.tributary.log.LogConfig;
import dev.tributary.log.StorageException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Opens the global order of a bus after its partitions were recovered.
 *
 * <ol>
 *   <li>Removes files left in transition; creates the first file when there is none.
 *   <li>Files before the last were fsynced when the next one began: only their headers are checked.
 *   <li>The last file's entries are checked one by one up to the zeros kept ahead of them (checksum, gap-free positions, a known partition, offsets
 *       that move forward and whose events the partition holds); it is cut at the first that fails. With
 *       {@link Durability#FSYNC} that cuts only a torn last write, since an entry is written after its events are
 *       durable; without it a power loss may also have taken events that entries name.
 *   <li>Events the partitions hold beyond what the entries name (their groups were durable, their entries were not
 *       yet) are sequenced now, partition by partition. None of them was ever visible in the order nor acknowledged,
 *       so every position a reader saw before the crash is unchanged.
 * </ol>
 *
 * <p>Runs on the opening thread before the writers start. Throws {@link StorageException} when a file cannot be read
 * or is not an order file of this bus.
 */
final class OrderRecovery {
    private static final System.Logger LOG = System.getLogger(OrderRecovery.class.getName());
    /** Events per entry written for events found unsequenced: as a group commit holds at most. */
    private static final int EVENTS_PER_ENTRY = PartitionWriter.MAX_GROUP_EVENTS;
    static final int DEFAULT_ENTRIES_PER_SEGMENT = 1 << 20;

    private OrderRecovery() {}

    static GlobalOrder open(Path busDir, String bus, Partition[] partitions, LogConfig config,
            FileChannels channels, Executor pool, int entriesPerSegment, int keysPerFile) {
        Path dir = SegmentFileNames.orderDir(busDir);
        int n = partitions.length;
        long[] covered = new long[n];
        List<OrderSegment> opened = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            List<Long> bases = SegmentFileNames.bases(dir, SegmentFileNames::parseOrderBasePosition);
            if (bases.isEmpty()) {
                opened.add(OrderSegment.create(SegmentFileNames.order(dir, 0), 0, covered, channels));
            }
            for (int i = 0; i < bases.size(); i++) {
                long base = bases.get(i);
                OrderSegment s = OrderSegment.open(SegmentFileNames.order(dir, base), base, covered, channels);
                opened.add(s);
                if (i < bases.size() - 1) {
                    s.commit(s.entries(), bases.get(i + 1));
                }
            }
            OrderSegment active = opened.get(opened.size() - 1);
            check(bus, active, partitions, covered);
            OrderSegment[] segments = opened.toArray(new OrderSegment[0]);
            segments = sequenceTails(bus, dir, segments, partitions, covered, channels, entriesPerSegment);
            long end = segments[segments.length - 1].endPosition();
            KeyIndex keys = KeyIndex.load(bus, dir, config::categoryOf, keysPerFile, end);
            GlobalOrder order = new GlobalOrder(bus, dir, partitions, config.durability(), channels, pool,
                    entriesPerSegment, segments, covered, keys);
            keys.catchUp(order.first(), end, (from, max, bytes) -> new AllReader(bus, partitions, order)
                    .read(from, true, max, bytes));
            return order;
        } catch (IOException e) {
            GlobalOrder.closeQuietly(opened.toArray(new OrderSegment[0]));
            throw new StorageException("bus '" + bus + "': cannot open the global order in " + dir + ": " + e, e);
        } catch (RuntimeException e) {
            GlobalOrder.closeQuietly(opened.toArray(new OrderSegment[0]));
            throw e;
        }
    }

    /** Checks the entries of the last file, cutting it at the first that fails; advances {@code covered}. */
    private static void check(String bus, OrderSegment s, Partition[] partitions, long[] covered) throws IOException {
        int entries = s.entries();
        long expected = s.basePosition();
        ByteBuffer block = ByteBuffer.allocate(EntryCursor.BLOCK * OrderSegment.ENTRY_BYTES);
        for (int from = 0; from < entries; from += EntryCursor.BLOCK) {
            int count = Math.min(EntryCursor.BLOCK, entries - from);
            s.read(from, count, block);
            for (int i = 0; i < count; i++) {
                if (OrderSegment.isZero(block, i)) {
                    s.truncate(from + i, expected); // the zeros kept ahead of the entries: the end
                    return;
                }
                String why = problem(block, i, expected, partitions, covered);
                if (why != null) {
                    int kept = from + i;
                    LOG.log(Level.WARNING, "bus '" + bus + "' global order: " + s.file() + " entry " + kept + " "
                            + why + "; cutting " + (entries - kept) + " entries from there (their events, if still "
                            + "stored, are ordered again after the others)");
                    s.truncate(kept, expected);
                    return;
                }
                int p = OrderSegment.partition(block, i);
                covered[p] = OrderSegment.offset(block, i) + OrderSegment.count(block, i);
                expected += OrderSegment.count(block, i);
            }
        }
        if (s.channel().size() != s.byteOffsetOf(entries)) {
            s.truncate(entries, expected); // a torn last entry
        }
        s.commit(entries, expected);
    }

    private static String problem(ByteBuffer block, int i, long expected, Partition[] partitions, long[] covered) {
        if (!OrderSegment.checksumMatches(block, i)) {
            return "fails its checksum";
        }
        if (OrderSegment.position(block, i) != expected) {
            return "starts at position " + OrderSegment.position(block, i) + " instead of " + expected;
        }
        int p = OrderSegment.partition(block, i);
        int count = OrderSegment.count(block, i);
        if (p < 0 || p >= partitions.length || count < 1) {
            return "names partition " + p + " and " + count + " events";
        }
        long offset = OrderSegment.offset(block, i);
        if (offset < covered[p]) {
            return "goes back to offset " + offset + " of partition " + p + " after " + covered[p];
        }
        if (offset + count > partitions[p].end()) {
            return "names offsets " + offset + ".." + (offset + count - 1) + " that partition " + p
                    + " does not hold (it ends at " + partitions[p].end() + ")";
        }
        return null;
    }

    /** Sequences the events beyond {@code covered}, partition by partition, and forces them. */
    private static OrderSegment[] sequenceTails(String bus, Path dir, OrderSegment[] segments,
            Partition[] partitions, long[] covered, FileChannels channels, int entriesPerSegment) throws IOException {
        OrderSegment active = segments[segments.length - 1];
        List<OrderSegment> all = new ArrayList<>(List.of(segments));
        long position = active.endPosition();
        int entries = active.entries();
        ByteBuffer one = ByteBuffer.allocate(OrderSegment.ENTRY_BYTES);
        long sequenced = 0;
        for (int p = 0; p < partitions.length; p++) {
            long from = Math.max(covered[p], partitions[p].startOffset());
            while (from < partitions[p].end()) {
                if (entries == entriesPerSegment) {
                    active.channel().force(true);
                    active = OrderSegment.create(SegmentFileNames.order(dir, position), position, covered, channels);
                    all.add(active);
                    entries = 0;
                }
                int count = (int) Math.min(EVENTS_PER_ENTRY, partitions[p].end() - from);
                one.clear();
                OrderSegment.encode(one, position, p, from, count);
                one.flip();
                active.write(entries, one);
                entries++;
                position += count;
                from += count;
                covered[p] = from;
                sequenced += count;
                active.commit(entries, position);
            }
        }
        if (sequenced > 0) {
            active.channel().force(true);
            LOG.log(Level.INFO, "bus '" + bus + "' global order: ordered " + sequenced + " stored events that had no "
                    + "position yet (positions " + (position - sequenced) + ".." + (position - 1) + ")");
        }
        return all.toArray(new OrderSegment[0]);
    }
}
