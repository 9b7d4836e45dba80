package dev.tributary.log.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Builds and parses every file name of a partition directory and of the global order's directory, so that {@code ls} sorts segments by offset:
 *
 * <pre>
 * &lt;bus dir&gt;/&lt;partition&gt;/00000000000000000000.log          records
 *                             00000000000000000000.index        sparse offset index (derived)
 *                             00000000000000000000.timeindex    sparse time index (derived)
 *                             00000000000000000000.streamindex  stream index of a sealed segment (derived)
 *                             streams.snapshot                   stream heads at a known offset (derived)
 *                             *.deleted                          being removed by retention
 *                             *.tmp                              being written; never valid after a crash
 * &lt;bus dir&gt;/order/00000000000000000000.order      the global order from that position on (see OrderSegment)
 *                    00000000000000000000.keys       category and type index from that position on (derived, KeyIndex)
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
final class SegmentFileNames {
    static final String LOG = ".log";
    static final String INDEX = ".index";
    static final String TIME_INDEX = ".timeindex";
    static final String STREAM_INDEX = ".streamindex";
    static final String DELETED = ".deleted";
    static final String TEMP = ".tmp";
    static final String ORDER = ".order";
    static final String ORDER_DIR = "order";
    static final String STREAMS_SNAPSHOT = "streams.snapshot";
    private static final int DIGITS = 20;

    private SegmentFileNames() {}

    static Path partitionDir(Path busDir, int partition) {
        return busDir.resolve(Integer.toString(partition));
    }

    static String baseName(long baseOffset) {
        String digits = Long.toString(baseOffset);
        return "0".repeat(DIGITS - digits.length()) + digits;
    }

    static Path orderDir(Path busDir) {
        return busDir.resolve(ORDER_DIR);
    }

    static Path order(Path orderDir, long basePosition) {
        return orderDir.resolve(baseName(basePosition) + ORDER);
    }

    static Path keys(Path orderDir, long basePosition) {
        return orderDir.resolve(baseName(basePosition) + KeyIndex.SUFFIX);
    }

    static Path log(Path dir, long baseOffset) {
        return dir.resolve(baseName(baseOffset) + LOG);
    }

    static Path index(Path dir, long baseOffset) {
        return dir.resolve(baseName(baseOffset) + INDEX);
    }

    static Path timeIndex(Path dir, long baseOffset) {
        return dir.resolve(baseName(baseOffset) + TIME_INDEX);
    }

    static Path streamIndex(Path dir, long baseOffset) {
        return dir.resolve(baseName(baseOffset) + STREAM_INDEX);
    }

    static Path streamsSnapshot(Path dir) {
        return dir.resolve(STREAMS_SNAPSHOT);
    }

    static Path deleted(Path file) {
        return file.resolveSibling(file.getFileName() + DELETED);
    }

    static Path temp(Path file) {
        return file.resolveSibling(file.getFileName() + TEMP);
    }

    /** The base offset of a {@code <20 digits>.log} file; empty for any other name. */
    static OptionalLong parseLogBaseOffset(Path file) {
        return parseBase(file, LOG);
    }

    /** The base position of a {@code <20 digits>.order} file; empty for any other name. */
    static OptionalLong parseOrderBasePosition(Path file) {
        return parseBase(file, ORDER);
    }

    /** The base of a {@code <20 digits><suffix>} file; empty for any other name. */
    static OptionalLong parseBase(Path file, String suffix) {
        String name = file.getFileName().toString();
        if (name.length() != DIGITS + suffix.length() || !name.endsWith(suffix)) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < DIGITS; i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return OptionalLong.empty();
            }
        }
        try {
            return OptionalLong.of(Long.parseLong(name.substring(0, DIGITS)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * The bases of the files of {@code dir} that {@code parser} recognizes, ascending, after removing the files an
     * earlier run left in transition.
     */
    static List<Long> bases(Path dir, Function<Path, OptionalLong> parser) throws IOException {
        List<Long> bases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (isLeftover(f)) {
                    Files.deleteIfExists(f);
                    continue;
                }
                OptionalLong base = parser.apply(f);
                if (base.isPresent()) {
                    bases.add(base.getAsLong());
                }
            }
        }
        bases.sort(null);
        return bases;
    }

    /** A file left in transition by an earlier run: to be removed on open. */
    static boolean isLeftover(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(DELETED) || name.endsWith(TEMP);
    }
}
