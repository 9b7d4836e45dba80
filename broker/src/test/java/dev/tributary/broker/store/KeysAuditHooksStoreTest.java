package dev.tributary.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API keys, audit log and hooks of the metadata store survive a reopen and refuse duplicates. */
class KeysAuditHooksStoreTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void keepsKeysWithTheirHashScopesUseAndRevocation() {
        StoredApiKey key = new StoredApiKey("abcdefghijkl", "ci", "ab12", List.of("publish:orders", "read:*"), T0,
                Optional.of(T0.plusSeconds(3600)), Optional.empty(), Optional.empty(),
                new StoredApiKey.KeyLimits(java.util.OptionalLong.of(50), java.util.OptionalLong.empty()));
        try (MetadataStore store = MetadataStore.openSqlite(dir.resolve("m.db"))) {
            assertThat(store.keys().isEmpty()).isTrue();
            store.keys().create(key);
            assertThatThrownBy(() -> store.keys().create(key)).isInstanceOf(KeyExistsException.class);
            store.keys().touch("abcdefghijkl", T0.plusSeconds(5));
            assertThat(store.keys().revoke("abcdefghijkl", T0.plusSeconds(10))).isTrue();
            assertThat(store.keys().revoke("abcdefghijkl", T0.plusSeconds(20))).isTrue();
            assertThat(store.keys().revoke("nonexistent1", T0)).isFalse();
        }
        try (MetadataStore store = MetadataStore.openSqlite(dir.resolve("m.db"))) {
            StoredApiKey read = store.keys().get("abcdefghijkl").orElseThrow();
            assertThat(read.scopes()).containsExactly("publish:orders", "read:*");
            assertThat(read.lastUsedAt()).hasValue(T0.plusSeconds(5));
            assertThat(read.revokedAt()).as("the first revocation counts").hasValue(T0.plusSeconds(10));
            assertThat(read.expiresAt()).hasValue(T0.plusSeconds(3600));
            assertThat(read.limits().requestsPerSecond()).hasValue(50);
            assertThat(read.limits().eventsPerSecond()).isEmpty();
            assertThat(store.keys().list()).hasSize(1);
            assertThat(store.keys().isEmpty()).isFalse();
        }
    }

    @Test
    void pagesTheAuditLogBySequenceAndPurgesByAge() {
        try (MetadataStore store = MetadataStore.openSqlite(dir.resolve("m.db"))) {
            for (int i = 0; i < 5; i++) {
                store.audit().record(new AuditEntry(0, T0.plusSeconds(i), "admin", "127.0.0.1", "POST /v1/buses",
                        "/v1/buses", 201, i == 0 ? Optional.of("x".repeat(5000)) : Optional.empty()));
            }
            List<AuditEntry> first = store.audit().list(0, 2);
            assertThat(first).extracting(AuditEntry::sequence).containsExactly(1L, 2L);
            assertThat(first.get(0).detail().orElseThrow()).hasSizeLessThanOrEqualTo(1024);
            assertThat(store.audit().list(2, 10)).extracting(AuditEntry::sequence).containsExactly(3L, 4L, 5L);
            assertThat(store.audit().purgeBefore(T0.plusSeconds(3))).isEqualTo(3);
            assertThat(store.audit().list(0, 10)).extracting(AuditEntry::sequence).containsExactly(4L, 5L);
        }
    }

    @Test
    void keepsHooksAndRefusesATakenName() {
        try (MetadataStore store = MetadataStore.openSqlite(dir.resolve("m.db"))) {
            store.hooks().create(new StoredHook("gh", "repos", "{\"provider\":\"github\"}", T0, T0));
            assertThatThrownBy(() -> store.hooks().create(new StoredHook("gh", "x", "{}", T0, T0)))
                    .isInstanceOf(HookExistsException.class);
            assertThat(store.hooks().update("gh", "repos2", "{\"provider\":\"github\",\"v\":2}", T0.plusSeconds(1)))
                    .isTrue();
            assertThat(store.hooks().update("none", "x", "{}", T0)).isFalse();
        }
        try (MetadataStore store = MetadataStore.openSqlite(dir.resolve("m.db"))) {
            StoredHook hook = store.hooks().get("gh").orElseThrow();
            assertThat(hook.bus()).isEqualTo("repos2");
            assertThat(hook.updatedAt()).isEqualTo(T0.plusSeconds(1));
            assertThat(store.hooks().delete("gh")).isTrue();
            assertThat(store.hooks().list()).isEmpty();
        }
    }
}
