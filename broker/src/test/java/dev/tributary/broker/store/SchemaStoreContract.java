package dev.tributary.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

/** The contract of {@link SchemaStore}; subclasses say which implementation runs it. */
public abstract class SchemaStoreContract extends StoreContract {
    private static final String TYPE = "order.placed";

    private static StoredSchema schema(String bus, int version, String document) {
        return new StoredSchema(bus, TYPE, version, document, "fp-" + version, T0.plusSeconds(version), null);
    }

    @Test
    void addsVersionsAndReadsThemBackOldestFirst() {
        StoredSchema first = schema("", 1, "{\"type\":\"object\"}");
        StoredSchema second = schema("", 2, "{ \"type\" : \"object\", \"title\": \"Bestellung – größer 📦\" }");

        assertThat(store.schemas().add(first)).isTrue();
        assertThat(store.schemas().add(second)).isTrue();

        assertThat(store.schemas().versions("", TYPE)).containsExactly(first, second);
        assertThat(store.schemas().get("", TYPE, 2)).contains(second);
        assertThat(store.schemas().get("", TYPE, 3)).isEmpty();
    }

    @Test
    void refusesAVersionNumberTakenAndKeepsTheFirst() {
        StoredSchema first = schema("", 1, "{}");
        store.schemas().add(first);

        assertThat(store.schemas().add(schema("", 1, "{\"type\":\"string\"}"))).isFalse();

        assertThat(store.schemas().versions("", TYPE)).containsExactly(first);
    }

    @Test
    void keepsSubjectsOfBusesApartFromTheGlobalOne() {
        store.schemas().add(schema("", 1, "{}"));
        store.schemas().add(schema("orders", 1, "{\"type\":\"object\"}"));

        assertThat(store.schemas().versions("orders", TYPE)).extracting(StoredSchema::document)
                .containsExactly("{\"type\":\"object\"}");
        assertThat(store.schemas().subjects())
                .containsExactly(new StoredSubject("", TYPE, null), new StoredSubject("orders", TYPE, null));
    }

    @Test
    void deleteMarksAVersionAndKeepsIt() {
        store.schemas().add(schema("", 1, "{}"));
        store.schemas().add(schema("", 2, "{}"));

        assertThat(store.schemas().delete("", TYPE, 2, T0.plusSeconds(60))).isTrue();
        assertThat(store.schemas().delete("", TYPE, 2, T0.plusSeconds(61))).isFalse();
        assertThat(store.schemas().delete("", TYPE, 9, T0)).isFalse();

        assertThat(store.schemas().get("", TYPE, 2).orElseThrow().deletedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(store.schemas().versions("", TYPE)).extracting(StoredSchema::isDeleted).containsExactly(false, true);
    }

    @Test
    void listsOnlySubjectsWithALiveVersion() {
        store.schemas().add(schema("", 1, "{}"));
        store.schemas().add(schema("orders", 1, "{}"));
        store.schemas().delete("orders", TYPE, 1, T0);

        assertThat(store.schemas().subjects()).containsExactly(new StoredSubject("", TYPE, null));
        assertThat(store.schemas().subject("orders", TYPE)).contains(new StoredSubject("orders", TYPE, null));
    }

    @Test
    void setsCompatibilityBeforeAndAfterTheFirstVersion() {
        store.schemas().setCompatibility("", TYPE, "full");
        assertThat(store.schemas().subject("", TYPE)).contains(new StoredSubject("", TYPE, "full"));
        assertThat(store.schemas().subjects()).isEmpty();

        store.schemas().add(schema("", 1, "{}"));
        store.schemas().setCompatibility("", TYPE, "none");

        assertThat(store.schemas().subjects()).containsExactly(new StoredSubject("", TYPE, "none"));
        store.schemas().setCompatibility("", TYPE, null);
        assertThat(store.schemas().subject("", TYPE).orElseThrow().compatibility()).isNull();
    }

    @Test
    void getsNothingForAnUnknownSubject() {
        assertThat(store.schemas().versions("", "nobody")).isEmpty();
        assertThat(store.schemas().subject("", "nobody")).isEmpty();
        assertThat(store.schemas().get("", "nobody", 1)).isEmpty();
    }

    @Test
    void schemasSurviveReopening() {
        store.schemas().add(schema("", 1, "{}"));
        store.schemas().delete("", TYPE, 1, T0.plusSeconds(5));
        store.schemas().add(schema("", 2, "{\"type\":\"object\"}"));
        store.schemas().setCompatibility("", TYPE, "forward");

        reopen();

        assertThat(store.schemas().versions("", TYPE)).extracting(StoredSchema::version, StoredSchema::isDeleted)
                .containsExactly(tuple(1, true),
                        tuple(2, false));
        assertThat(store.schemas().subject("", TYPE).orElseThrow().compatibility()).isEqualTo("forward");
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> schema("", 0, "{}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version");
        assertThatThrownBy(() -> new StoredSchema(null, TYPE, 1, "{}", "fp", T0, null))
                .hasMessageContaining("bus");
        assertThatThrownBy(() -> store.schemas().versions("", " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("type");
        assertThat(store.schemas().subjects()).isEmpty();
    }
}
