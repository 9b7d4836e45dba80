package dev.tributary.broker;

import dev.tributary.log.Position;
import java.util.Collections;
import java.util.List;

/**
 * A batch spread over several partitions was stored in some of them and not in others (a full disk, say): events of
 * one partition are written atomically, but each partition has its own writer and its own fsync. Says, for every
 * event in request order, where it was stored or why it was not, so that nothing stored is reported as failed and a
 * client resends only what failed (a resend of the whole batch is harmless too: the stored events are deduplicated
 * by {@code source}+{@code id} within the bus's window). See ADR 0010. Immutable.
 */
public final class PartiallyPublishedException extends RuntimeException {
    private final List<Position> positions;
    private final List<Throwable> failures;

    /**
     * @param positions per event in request order, where it was stored, or null if it was not
     * @param failures per event in request order, why it was not stored, or null if it was
     */
    public PartiallyPublishedException(List<Position> positions, List<Throwable> failures) {
        super(count(failures) + " of " + failures.size() + " events were not stored: " + firstFailure(failures));
        this.positions = Collections.unmodifiableList(positions);
        this.failures = Collections.unmodifiableList(failures);
    }

    /** Per event in request order: where it was stored, or null if it was not. */
    public List<Position> positions() {
        return positions;
    }

    /** Per event in request order: why it was not stored, or null if it was. */
    public List<Throwable> failures() {
        return failures;
    }

    private static long count(List<Throwable> failures) {
        return failures.stream().filter(f -> f != null).count();
    }

    private static String firstFailure(List<Throwable> failures) {
        return failures.stream().filter(f -> f != null).findFirst().map(Throwable::getMessage).orElse("");
    }
}
