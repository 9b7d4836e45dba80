package dev.tributary.broker.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.broker.store.SchemaStore;
import dev.tributary.broker.store.StoredSchema;
import dev.tributary.broker.store.StoredSubject;
import dev.tributary.core.Names;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * {@link SchemaRegistry} over a {@link SchemaStore}. Writes hold one lock, so that the versions a new schema is
 * compared with are the versions it is registered after; reads go to the store, or for validation to the
 * {@link SchemaCache}. Thread-safe.
 */
final class StoredSchemaRegistry implements SchemaRegistry {
    private final SchemaStore store;
    private final Clock clock;
    private final SchemaLimits limits;
    private final SchemaCompiler compiler;
    private final SchemaCache cache;
    private final ReentrantLock writes = new ReentrantLock();

    StoredSchemaRegistry(SchemaStore store, Clock clock, SchemaLimits limits) {
        this.store = require(store, "store");
        this.clock = require(clock, "clock");
        this.limits = require(limits, "limits");
        this.compiler = new SchemaCompiler(limits);
        this.cache = new SchemaCache(limits.maxCachedSchemas());
    }

    @Override
    public SchemaVersion register(Subject subject, String schema) {
        require(subject, "subject");
        SchemaDocument document = checked(schema);
        String fingerprint = document.fingerprint();
        writes.lock();
        try {
            List<StoredSchema> all = store.versions(bus(subject), subject.type());
            List<StoredSchema> live = all.stream().filter(version -> !version.isDeleted()).toList();
            if (!live.isEmpty() && live.getLast().fingerprint().equals(fingerprint)) {
                return version(subject, live.getLast());
            }
            Compatibility rule = compatibility(subject);
            List<CompatibilityCheck.Prior> priors = live.stream()
                    .map(version -> new CompatibilityCheck.Prior(version.version(),
                            SchemaDocument.stored(version.document())))
                    .toList();
            List<Incompatibility> found = CompatibilityCheck.of(rule, document, priors);
            if (!found.isEmpty()) {
                throw new SchemaIncompatibleException(subject, rule, found);
            }
            int next = all.isEmpty() ? 1 : all.getLast().version() + 1;
            StoredSchema stored = new StoredSchema(bus(subject), subject.type(), next, schema, fingerprint, now(), null);
            if (!store.add(stored)) {
                throw new IllegalStateException("schema subject '" + subject + "': version " + next
                        + " was registered by another writer meanwhile; register again");
            }
            cache.changed(subject);
            return version(subject, stored);
        } finally {
            writes.unlock();
        }
    }

    @Override
    public Optional<SchemaVersion> get(Subject subject, int version) {
        require(subject, "subject");
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more, was " + version);
        }
        return store.get(bus(subject), subject.type(), version).map(stored -> version(subject, stored));
    }

    @Override
    public Optional<SchemaVersion> latest(Subject subject) {
        List<SchemaVersion> live = versions(subject);
        return live.isEmpty() ? Optional.empty() : Optional.of(live.getLast());
    }

    @Override
    public List<Subject> subjects() {
        List<Subject> subjects = new ArrayList<>();
        for (StoredSubject stored : store.subjects()) {
            subjects.add(subject(stored.bus(), stored.type()));
        }
        subjects.sort(Comparator.comparing((Subject s) -> s.bus() == null ? "" : s.bus()).thenComparing(Subject::type));
        return subjects;
    }

    @Override
    public List<SchemaVersion> versions(Subject subject) {
        require(subject, "subject");
        return store.versions(bus(subject), subject.type()).stream()
                .filter(stored -> !stored.isDeleted())
                .map(stored -> version(subject, stored))
                .toList();
    }

    @Override
    public boolean delete(Subject subject, int version, Predicate<SchemaVersion> inUse) {
        require(inUse, "inUse");
        writes.lock();
        try {
            Optional<SchemaVersion> live = get(subject, version).filter(found -> !found.isDeleted());
            if (live.isEmpty()) {
                return false;
            }
            if (inUse.test(live.get())) {
                throw new SchemaInUseException(live.get());
            }
            boolean deleted = store.delete(bus(subject), subject.type(), version, now());
            cache.changed(subject);
            return deleted;
        } finally {
            writes.unlock();
        }
    }

    @Override
    public Compatibility compatibility(Subject subject) {
        require(subject, "subject");
        return store.subject(bus(subject), subject.type())
                .map(StoredSubject::compatibility)
                .map(Compatibility::fromJsonName)
                .orElse(Compatibility.DEFAULT);
    }

    @Override
    public void setCompatibility(Subject subject, Compatibility compatibility) {
        require(subject, "subject");
        require(compatibility, "compatibility");
        writes.lock();
        try {
            store.setCompatibility(bus(subject), subject.type(), compatibility.jsonName());
        } finally {
            writes.unlock();
        }
    }

    @Override
    public Optional<SchemaValidator> validator(String bus, String type) {
        if (!Names.isStreamId(type)) {
            return Optional.empty(); // no subject can have this type, so no schema applies
        }
        if (bus != null) {
            Optional<SchemaValidator> scoped = latestValidator(Subject.onBus(bus, type));
            if (scoped.isPresent()) {
                return scoped;
            }
        }
        return latestValidator(Subject.global(type));
    }

    @Override
    public Optional<SchemaValidator> validator(SchemaUri dataschema) {
        require(dataschema, "dataschema");
        return cache.validator(dataschema, this::compileLive);
    }

    @Override
    public List<Violation> validate(String bus, String type, JsonNode data) {
        require(data, "data");
        return validator(bus, type).map(validator -> validator.validate(data)).orElse(List.of());
    }

    /** Number of compiled validators in memory; for tests. */
    int cachedValidators() {
        return cache.validatorCount();
    }

    private Optional<SchemaValidator> latestValidator(Subject subject) {
        int latest = cache.latestVersion(subject, s -> latest(s).map(SchemaVersion::version).orElse(0));
        return latest == 0 ? Optional.empty() : cache.validator(new SchemaUri(subject, latest), this::compileLive);
    }

    private Optional<SchemaValidator> compileLive(SchemaUri uri) {
        return get(uri.subject(), uri.version())
                .filter(version -> !version.isDeleted())
                .map(version -> compiler.compile(version, SchemaDocument.stored(version.schema())));
    }

    /** Every check a schema passes before it is compared with anything. */
    private SchemaDocument checked(String schema) {
        SchemaDocument document = SchemaDocument.parse(schema, limits);
        List<String> problems = compiler.metaSchemaProblems(document);
        if (problems.isEmpty()) {
            problems = document.referenceProblems();
        }
        if (!problems.isEmpty()) {
            throw new InvalidSchemaException(problems);
        }
        // Compiling catches what the meta-schema does not, such as a pattern that is no regular expression.
        compiler.compile(new SchemaVersion(Subject.global("unregistered"), 1, schema, "-", Instant.EPOCH, null),
                document);
        return document;
    }

    private Instant now() {
        // The store keeps microseconds: truncating here makes what register returns equal what get reads later.
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static SchemaVersion version(Subject subject, StoredSchema stored) {
        return new SchemaVersion(subject, stored.version(), stored.document(), stored.fingerprint(),
                stored.createdAt(), stored.deletedAt());
    }

    private static Subject subject(String bus, String type) {
        return bus.isEmpty() ? Subject.global(type) : Subject.onBus(bus, type);
    }

    /** How the store writes a subject's bus: {@code ""} for every bus. */
    private static String bus(Subject subject) {
        return subject.isGlobal() ? "" : subject.bus();
    }

    private static <T> T require(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        return value;
    }
}
