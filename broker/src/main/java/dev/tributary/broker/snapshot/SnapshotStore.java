package dev.tributary.broker.snapshot;

import dev.tributary.broker.LocalDatabase;
import dev.tributary.core.eventstore.Snapshot;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * The latest snapshot of each stream of one bus, in {@code <bus dir>/snapshots.db} (SQLite, one row per stream).
 *
 * <p>Snapshots are derived data: the file runs with {@code synchronous=NORMAL} (a power cut may take the last ones,
 * never the events), and a missing or unreadable file only costs the replays it saved. A save keeps the snapshot of
 * the highest version (a late save of an older one changes nothing); at the same version the later save wins, so a
 * new schema version can replace an old one. The database is opened at the first use, so a bus without snapshots
 * holds no file open.
 *
 * <p>Thread-safe ({@link LocalDatabase}).
 */
public final class SnapshotStore implements AutoCloseable {
    static final String FILE = "snapshots.db";

    private final LocalDatabase db;
    private final Clock clock;

    public SnapshotStore(Path busDir, Clock clock) {
        this.db = new LocalDatabase(busDir.resolve(FILE), SQLiteConfig.SynchronousMode.NORMAL, """
                CREATE TABLE IF NOT EXISTS snapshot(stream TEXT PRIMARY KEY, version INTEGER NOT NULL,
                    schema_version INTEGER NOT NULL, state BLOB NOT NULL, taken_at INTEGER NOT NULL)""");
        this.clock = clock;
    }

    /** Stores {@code snapshot} as the stream's latest unless a later version is already stored. */
    public void save(String stream, Snapshot snapshot) {
        db.run("save the snapshot of stream '" + stream + "'", c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO snapshot(stream, version, schema_version, state, taken_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(stream) DO UPDATE SET version = excluded.version,
                        schema_version = excluded.schema_version, state = excluded.state, taken_at = excluded.taken_at
                    WHERE excluded.version >= snapshot.version""")) {
                s.setString(1, stream);
                s.setLong(2, snapshot.version());
                s.setInt(3, snapshot.schemaVersion());
                s.setBytes(4, snapshot.state());
                s.setLong(5, clock.millis());
                s.executeUpdate();
            }
            return null;
        });
    }

    public Optional<Snapshot> latest(String stream) {
        if (!db.exists()) {
            return Optional.empty(); // no snapshot was ever saved: do not create the file for a read
        }
        return db.run("read the snapshot of stream '" + stream + "'", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT version, schema_version, state, taken_at FROM snapshot WHERE stream = ?")) {
                s.setString(1, stream);
                try (ResultSet row = s.executeQuery()) {
                    return row.next()
                            ? Optional.of(new Snapshot(row.getLong(1), row.getInt(2), row.getBytes(3),
                                    Instant.ofEpochMilli(row.getLong(4))))
                            : Optional.<Snapshot>empty();
                }
            }
        });
    }

    /** Deletes the stream's snapshot; true when there was one. */
    public boolean delete(String stream) {
        if (!db.exists()) {
            return false;
        }
        return db.run("delete the snapshot of stream '" + stream + "'", c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM snapshot WHERE stream = ?")) {
                s.setString(1, stream);
                return s.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void close() {
        db.close();
    }
}
