package dev.tributary.broker.store;

import java.time.Instant;
import java.util.List;

/** The record of every change made through the API: who, what, when, from where, and what was answered. */
public interface AuditLog {

    /** Appends an entry (its {@code sequence} is ignored and assigned). */
    void record(AuditEntry entry);

    /** Up to {@code limit} entries with a sequence above {@code after}, oldest first. */
    List<AuditEntry> list(long after, int limit);

    /** Deletes the entries older than {@code cutoff}; answers how many. */
    int purgeBefore(Instant cutoff);
}
