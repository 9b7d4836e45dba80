package dev.tributary.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"orders", "0rders", "a", "a_b-c", "x234567890123456789012345678901234567890123456789012345678901234"})
    void acceptsBusNames(String name) {
        assertThat(Names.requireBusName(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "_a", "-a", "Orders", "a.b", "a b", "x2345678901234567890123456789012345678901234567890123456789012345"})
    void rejectsOtherBusNamesShowingThem(String name) {
        assertThatThrownBy(() -> Names.requireBusName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a-z 0-9 _ -")
                .hasMessageContaining("\"" + name + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"order-1", "A.b_c-d:e@f+g=h~i", "x"})
    void acceptsStreamIds(String id) {
        assertThat(Names.requireStreamId(id)).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "a b", "é", "a%20"})
    void rejectsOtherStreamIdsShowingThem(String id) {
        assertThatThrownBy(() -> Names.requireStreamId(id))
                .hasMessageContaining("A-Z a-z 0-9 . _ - : @ + = ~")
                .hasMessageContaining("\"" + id + "\"");
        assertThatThrownBy(() -> Names.requireStreamId("x".repeat(257))).hasMessageContaining("1-256");
    }
}
