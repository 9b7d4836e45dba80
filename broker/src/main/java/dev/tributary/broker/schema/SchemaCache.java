package dev.tributary.broker.schema;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * What validation at ingest needs without reading the store: the latest live version of each subject (0 for none)
 * and the compiled validators of versions, both bounded ({@link Lru}). A registration or deletion calls
 * {@link #changed}; a value loaded while a change happened is not cached, so a stale one never sticks. Thread-safe.
 */
final class SchemaCache {
    private final Lru<Subject, Integer> latest;
    private final Lru<SchemaUri, SchemaValidator> validators;
    /** Counts changes, so that a load can tell whether one happened while it read. Guarded by this. */
    private long generation;

    SchemaCache(int maxValidators) {
        this.validators = new Lru<>(maxValidators);
        // Subjects cost a few dozen bytes each; remembering more of them spares the store the lookups of events
        // whose type has no schema at all, which are most events.
        this.latest = new Lru<>(maxValidators * 10);
    }

    /** The latest live version of a subject, 0 if it has none, loaded by {@code load} when not cached. */
    int latestVersion(Subject subject, ToIntFunction<Subject> load) {
        Integer cached = latest.get(subject);
        if (cached != null) {
            return cached;
        }
        long seen = generation();
        int loaded = load.applyAsInt(subject);
        synchronized (this) {
            if (generation == seen) {
                latest.put(subject, loaded);
            }
        }
        return loaded;
    }

    /** The validator of a live version, compiled by {@code load} when not cached (empty if there is none). */
    Optional<SchemaValidator> validator(SchemaUri version, Function<SchemaUri, Optional<SchemaValidator>> load) {
        SchemaValidator cached = validators.get(version);
        if (cached != null) {
            return Optional.of(cached);
        }
        long seen = generation();
        Optional<SchemaValidator> loaded = load.apply(version);
        synchronized (this) {
            if (generation == seen && loaded.isPresent()) {
                validators.put(version, loaded.get());
            }
        }
        return loaded;
    }

    /** Forgets what is cached of a subject, after one of its versions was registered or deleted. */
    synchronized void changed(Subject subject) {
        generation++;
        latest.removeIf(subject::equals);
        validators.removeIf(version -> version.subject().equals(subject));
    }

    /** How many validators are cached; for tests. */
    int validatorCount() {
        return validators.size();
    }

    private synchronized long generation() {
        return generation;
    }
}
