package dev.tributary.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.server.auth.Scope.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScopeTest {
    @Test
    void aBusPatternMatchesWithStarsForAnyRun() {
        Scope scope = Scope.parse("read:orders-*-eu");

        assertThat(scope.allows(Kind.READ, "orders-x-eu")).isTrue();
        assertThat(scope.allows(Kind.READ, "orders--eu")).isTrue();
        assertThat(scope.allows(Kind.READ, "orders-x-us")).isFalse();
        assertThat(scope.allows(Kind.PUBLISH, "orders-x-eu")).isFalse();
        assertThat(Scope.parse("subscribe:*").allowsEveryBus(Kind.SUBSCRIBE)).isTrue();
        assertThat(Scope.parse("admin").allows(Kind.METRICS, null)).isTrue();
        assertThat(Scope.parse("metrics").allows(Kind.KEYS, null)).isFalse();
    }

    @Test
    void aPatternOfManyStarsStaysFast() {
        Scope scope = Scope.parse("read:" + "*a".repeat(30) + "b");

        assertThat(scope.allows(Kind.READ, "a".repeat(64))).isFalse();
    }

    @Test
    void aKeyHoldsAScopeOnlyIfItsOwnCoverIt() {
        Principal p = new Principal("p", "key", List.of(Scope.parse("publish:orders-*"), Scope.parse("keys")));

        assertThat(p.holds(Scope.parse("publish:orders-eu"))).isTrue();
        assertThat(p.holds(Scope.parse("publish:orders-eu-*"))).isTrue();
        assertThat(p.holds(Scope.parse("publish:*"))).isFalse();
        assertThat(p.holds(Scope.parse("read:orders-eu"))).isFalse();
        assertThat(p.holds(Scope.ADMIN)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Admin", "publish", "publish:", "publish:Orders", "read:a/b", "metrics:x", "write:x",
            "publish:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void refusesAnythingOutsideTheSyntax(String text) {
        assertThatThrownBy(() -> Scope.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not admin, schemas, hooks, keys, metrics or");
    }
}
