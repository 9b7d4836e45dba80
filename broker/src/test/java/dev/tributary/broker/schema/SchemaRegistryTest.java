package dev.tributary.broker.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.broker.store.MetadataStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema registry over a SQLite metadata store: versions, compatibility rules, deletion, lookup and caching. */
class SchemaRegistryTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123456789Z");
    private static final Subject ORDER = Subject.global("order.placed");
    private static final String V1 = json("{'type':'object','properties':{'id':{'type':'string'}}}");
    private static final String V2 = json("{'type':'object','properties':{'id':{'type':'string'},"
            + "'note':{}},'description':'with a note'}");

    @TempDir
    Path dir;

    private MetadataStore store;
    private SchemaRegistry registry;

    @BeforeEach
    void open() {
        store = MetadataStore.openSqlite(dir.resolve("metadata.db"));
        registry = SchemaRegistry.create(store.schemas(), Clock.fixed(T0, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void numbersVersionsFromOneAndReadsThemBack() {
        SchemaVersion first = registry.register(ORDER, V1);
        SchemaVersion second = registry.register(ORDER, V2);

        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        assertThat(first.createdAt()).isEqualTo(Instant.parse("2026-03-01T12:00:00.123456Z"));
        assertThat(registry.get(ORDER, 1)).contains(first);
        assertThat(registry.latest(ORDER)).contains(second);
        assertThat(registry.versions(ORDER)).containsExactly(first, second);
        assertThat(second.schema()).isEqualTo(V2);
        assertThat(second.uri()).isEqualTo(URI.create("tributary:schemas/order.placed/versions/2"));
    }

    @Test
    void registeringTheLatestSchemaAgainReturnsItsVersion() {
        SchemaVersion first = registry.register(ORDER, V1);

        SchemaVersion again = registry.register(ORDER, "{ \"properties\": {\"id\": {\"type\": \"string\"}},\n"
                + "  \"type\": \"object\" }");

        assertThat(again).isEqualTo(first);
        assertThat(registry.versions(ORDER)).hasSize(1);
    }

    @Test
    void listsSubjectsWithLiveVersionsGlobalOnesFirst() {
        registry.register(Subject.onBus("orders", "order.placed"), V1);
        registry.register(Subject.global("order.shipped"), V1);
        registry.register(ORDER, V1);

        assertThat(registry.subjects()).containsExactly(ORDER, Subject.global("order.shipped"),
                Subject.onBus("orders", "order.placed"));
    }

    @Test
    void refusesABackwardIncompatibleSchemaByDefaultAndRegistersNothing() {
        registry.register(ORDER, V1);
        String breaking = json("{'type':'object','required':['total'],'properties':{'id':{'type':'string'},"
                + "'total':{}}}");

        assertThatThrownBy(() -> registry.register(ORDER, breaking))
                .isInstanceOfSatisfying(SchemaIncompatibleException.class, e -> {
                    assertThat(e.compatibility()).isEqualTo(Compatibility.BACKWARD);
                    assertThat(e.incompatibilities()).containsExactly(new Incompatibility(1,
                            Compatibility.BACKWARD, "/required/0", "required property `total` added"));
                })
                .hasMessageContaining("order.placed")
                .hasMessageContaining("required property `total` added");
        assertThat(registry.versions(ORDER)).hasSize(1);
    }

    @Test
    void aSubjectsRuleDecidesWhatIsRefused() {
        String optionalNote = json("{'properties':{'id':{'type':'string'},'note':{'type':'string'}}}");
        String withoutNote = json("{'properties':{'id':{'type':'string'}}}");
        registry.register(ORDER, optionalNote);
        assertThat(registry.compatibility(ORDER)).isEqualTo(Compatibility.BACKWARD);

        registry.setCompatibility(ORDER, Compatibility.FORWARD);
        assertThatThrownBy(() -> registry.register(ORDER, withoutNote))
                .isInstanceOfSatisfying(SchemaIncompatibleException.class, e -> assertThat(e.incompatibilities())
                        .extracting(Incompatibility::direction).containsOnly(Compatibility.FORWARD));

        registry.setCompatibility(ORDER, Compatibility.NONE);
        assertThat(registry.register(ORDER, withoutNote).version()).isEqualTo(2);
        assertThat(registry.compatibility(ORDER)).isEqualTo(Compatibility.NONE);
    }

    @Test
    void fullChecksBothDirections() {
        registry.setCompatibility(ORDER, Compatibility.FULL);
        registry.register(ORDER, json("{'properties':{'n':{'type':'integer'}}}"));

        assertThatThrownBy(() -> registry.register(ORDER, json("{'properties':{'n':{'type':'number'}}}")))
                .isInstanceOfSatisfying(SchemaIncompatibleException.class, e -> assertThat(e.incompatibilities())
                        .singleElement().extracting(Incompatibility::direction).isEqualTo(Compatibility.FORWARD));
        assertThatThrownBy(() -> registry.register(ORDER, json("{'properties':{'n':{'type':'integer','minimum':0}}}")))
                .isInstanceOfSatisfying(SchemaIncompatibleException.class, e -> assertThat(e.incompatibilities())
                        .singleElement().extracting(Incompatibility::direction).isEqualTo(Compatibility.BACKWARD));
    }

    @Test
    void aTransitiveRuleComparesWithEveryLiveVersionAPlainOneWithTheLatest() {
        // v1 allows up to 10 characters, v2 up to 20: events of a v3 of up to 15 pass v2, not always v1.
        String v1 = json("{'type':'string','maxLength':10}");
        String v2 = json("{'type':'string','maxLength':20}");
        String v3 = json("{'type':'string','maxLength':15}");
        Subject plain = Subject.global("code.plain");
        Subject transitive = Subject.global("code.transitive");
        for (Subject subject : List.of(plain, transitive)) {
            registry.setCompatibility(subject, Compatibility.NONE);
            registry.register(subject, v1);
            registry.register(subject, v2);
        }
        registry.setCompatibility(plain, Compatibility.FORWARD);
        registry.setCompatibility(transitive, Compatibility.FORWARD_TRANSITIVE);

        assertThat(registry.register(plain, v3).version()).isEqualTo(3);
        assertThatThrownBy(() -> registry.register(transitive, v3))
                .isInstanceOfSatisfying(SchemaIncompatibleException.class, e -> assertThat(e.incompatibilities())
                        .singleElement().satisfies(found -> {
                            assertThat(found.version()).isEqualTo(1);
                            assertThat(found.message()).isEqualTo("maxLength of the data increased from 10 to 15");
                        }));
    }

    @Test
    void deleteHidesAVersionButKeepsItAndItsNumber() {
        registry.register(ORDER, V1);
        registry.register(ORDER, V2);

        assertThat(registry.delete(ORDER, 2, version -> false)).isTrue();
        assertThat(registry.delete(ORDER, 2, version -> false)).isFalse();

        assertThat(registry.latest(ORDER).orElseThrow().version()).isEqualTo(1);
        assertThat(registry.versions(ORDER)).extracting(SchemaVersion::version).containsExactly(1);
        assertThat(registry.get(ORDER, 2).orElseThrow().deletedAt()).isEqualTo(Instant.parse(
                "2026-03-01T12:00:00.123456Z"));
        assertThat(registry.register(ORDER, V2).version()).isEqualTo(3);
    }

    @Test
    void deletedVersionsAreNotComparedWith() {
        registry.register(ORDER, json("{'type':'string'}"));
        registry.delete(ORDER, 1, version -> false);

        assertThat(registry.register(ORDER, json("{'type':'number'}")).version()).isEqualTo(2);
        assertThat(registry.subjects()).containsExactly(ORDER);
    }

    @Test
    void refusesToDeleteAVersionItsCallerSaysIsInUse() {
        SchemaVersion first = registry.register(ORDER, V1);

        assertThatThrownBy(() -> registry.delete(ORDER, 1, version -> version.equals(first)))
                .isInstanceOfSatisfying(SchemaInUseException.class, e -> assertThat(e.version()).isEqualTo(first))
                .hasMessageContaining("in use");
        assertThat(registry.latest(ORDER)).contains(first);
    }

    @Test
    void versionsSurviveReopening() {
        registry.register(ORDER, V1);
        registry.register(ORDER, V2);
        registry.delete(ORDER, 1, version -> false);
        registry.setCompatibility(ORDER, Compatibility.FULL_TRANSITIVE);

        store.close();
        open();

        assertThat(registry.versions(ORDER)).extracting(SchemaVersion::version).containsExactly(2);
        assertThat(registry.get(ORDER, 1).orElseThrow().isDeleted()).isTrue();
        assertThat(registry.compatibility(ORDER)).isEqualTo(Compatibility.FULL_TRANSITIVE);
        assertThat(registry.validate(null, "order.placed", data("{'id':7}"))).extracting(Violation::keyword)
                .containsExactly("type");
    }

    @Test
    void aBusSubjectTakesPrecedenceOverTheGlobalOneOnItsBus() {
        registry.register(ORDER, json("{'required':['id']}"));
        registry.register(Subject.onBus("orders", "order.placed"), json("{'required':['sku']}"));
        JsonNode event = data("{'id':'1'}");

        assertThat(registry.validate("orders", "order.placed", event)).extracting(Violation::message)
                .containsExactly("required property 'sku' not found");
        assertThat(registry.validate("payments", "order.placed", event)).isEmpty();
        assertThat(registry.validate(null, "order.placed", event)).isEmpty();
        assertThat(registry.validator("orders", "order.placed").orElseThrow().version().subject())
                .isEqualTo(Subject.onBus("orders", "order.placed"));
    }

    @Test
    void aNewVersionTakesEffectOnTheNextValidation() {
        registry.setCompatibility(ORDER, Compatibility.NONE);
        assertThat(registry.validate(null, "order.placed", data("{}"))).isEmpty();

        registry.register(ORDER, json("{'required':['id']}"));
        assertThat(registry.validate(null, "order.placed", data("{}"))).hasSize(1);

        registry.register(ORDER, json("{'required':['id','sku']}"));
        assertThat(registry.validate(null, "order.placed", data("{}"))).hasSize(2);

        registry.delete(ORDER, 2, version -> false);
        assertThat(registry.validate(null, "order.placed", data("{}"))).hasSize(1);
        registry.delete(ORDER, 1, version -> false);
        assertThat(registry.validate(null, "order.placed", data("{}"))).isEmpty();
    }

    @Test
    void compilesAVersionOnceAndKeepsTheCacheBounded() {
        SchemaLimits limits = new SchemaLimits(SchemaLimits.DEFAULT_MAX_SCHEMA_BYTES,
                SchemaLimits.DEFAULT_MAX_SCHEMA_DEPTH, SchemaLimits.DEFAULT_MAX_DATA_DEPTH, 2);
        StoredSchemaRegistry small = new StoredSchemaRegistry(store.schemas(), Clock.systemUTC(), limits);
        for (String type : List.of("a", "b", "c")) {
            small.register(Subject.global(type), V1);
        }

        SchemaValidator first = small.validator(null, "a").orElseThrow();
        assertThat(small.validator(null, "a").orElseThrow()).isSameAs(first);
        small.validator(null, "b");
        small.validator(null, "c");

        assertThat(small.cachedValidators()).isEqualTo(2);
        assertThat(small.validator(null, "a").orElseThrow()).isNotSameAs(first).extracting(SchemaValidator::version)
                .isEqualTo(first.version());
    }

    @Test
    void findsTheVersionADataschemaUriNames() {
        registry.register(ORDER, json("{'required':['id']}"));
        registry.setCompatibility(ORDER, Compatibility.NONE);
        registry.register(ORDER, json("{'required':['sku']}"));
        SchemaUri first = SchemaUri.parse(URI.create("tributary:schemas/order.placed/versions/1")).orElseThrow();

        assertThat(registry.validator(first).orElseThrow().validate(data("{}"))).extracting(Violation::message)
                .containsExactly("required property 'id' not found");
        assertThat(registry.validator(new SchemaUri(ORDER, 9))).isEmpty();
        registry.delete(ORDER, 1, version -> false);
        assertThat(registry.validator(first)).isEmpty();
    }

    @Test
    void readsAndWritesBothFormsOfSchemaUris() {
        SchemaUri onBus = new SchemaUri(Subject.onBus("orders", "order.placed"), 3);

        assertThat(onBus.toUri()).isEqualTo(URI.create("tributary:buses/orders/schemas/order.placed/versions/3"));
        assertThat(SchemaUri.parse(onBus.toUri())).contains(onBus);
        assertThat(SchemaUri.parse(URI.create("https://schemas.example/order.json"))).isEmpty();
        assertThatThrownBy(() -> SchemaUri.parse(URI.create("tributary:schemas/order.placed/versions/0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dataschema");
        assertThatThrownBy(() -> SchemaUri.parse(URI.create("tributary:buses/Orders/schemas/x/versions/1")))
                .hasMessageContaining("dataschema").hasMessageContaining("bus name");
    }

    @Test
    void concurrentRegistrationsGetDistinctVersions() throws Exception {
        registry.setCompatibility(ORDER, Compatibility.NONE);
        int writers = 4;
        int each = 5;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                results.add(pool.submit(() -> {
                    List<Integer> versions = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        versions.add(registry.register(ORDER, json("{'maxLength':" + (writer * 100 + i) + "}"))
                                .version());
                        registry.validate(null, "order.placed", data("'x'"));
                    }
                    return versions;
                }));
            }
            List<Integer> all = new ArrayList<>();
            for (Future<List<Integer>> result : results) {
                all.addAll(result.get(30, TimeUnit.SECONDS));
            }

            assertThat(all).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, writers * each).boxed()
                    .toList());
            assertThat(registry.latest(ORDER).orElseThrow().version()).isEqualTo(writers * each);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eventsOfTypesThatCannotHaveASchemaHaveNone() {
        assertThat(registry.validator("orders", "order placed")).isEmpty();
        assertThat(registry.validate(null, "", data("{}"))).isEmpty();
    }

    @Test
    void rejectsBadArgumentsNamingTheField() {
        assertThatThrownBy(() -> Subject.global(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("type");
        assertThatThrownBy(() -> Subject.global("x".repeat(257))).hasMessageContaining("type");
        assertThatThrownBy(() -> Subject.onBus("Orders", "order.placed")).hasMessageContaining("bus name");
        assertThatThrownBy(() -> Compatibility.fromJsonName("sideways")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("compatibility").hasMessageContaining("backward-transitive");
        assertThatThrownBy(() -> registry.register(ORDER, "[]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema must be a JSON object");
        assertThatThrownBy(() -> registry.register(ORDER, "{\"type\": ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema is not valid JSON");
        assertThatThrownBy(() -> registry.register(ORDER, "{\"type\":\"string\",\"type\":\"number\"}"))
                .hasMessageContaining("not valid JSON").hasMessageContaining("type");
        assertThatThrownBy(() -> registry.register(ORDER, " ")).hasMessageContaining("schema is blank");
        assertThatThrownBy(() -> registry.register(null, V1)).hasMessageContaining("subject");
        assertThatThrownBy(() -> registry.get(ORDER, 0)).hasMessageContaining("version");
        assertThatThrownBy(() -> registry.setCompatibility(ORDER, null)).hasMessageContaining("compatibility");
        assertThat(Compatibility.fromJsonName("full-transitive")).isEqualTo(Compatibility.FULL_TRANSITIVE);
        assertThat(registry.subjects()).isEmpty();
    }

    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static JsonNode data(String singleQuoted) {
        try {
            return new ObjectMapper().readTree(json(singleQuoted));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
