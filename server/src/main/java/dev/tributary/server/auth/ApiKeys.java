package dev.tributary.server.auth;

import dev.tributary.broker.LimitReachedException;
import dev.tributary.broker.store.ApiKeyStore;
import dev.tributary.broker.store.StoredApiKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * The node's API keys: made, listed, revoked, and checked on every request. A key checked once stays cached, so a
 * request with a known key costs one SHA-256 and no I/O; revoking goes through this class, so it takes effect on the
 * next request. The last-used time is written at most once a minute per key, off the caller's thread.
 *
 * <p>Thread-safe; making keys is serialized, so the {@code max-keys} count is exact.
 */
public final class ApiKeys {
    public static final int MAX_SCOPES = 32;
    /** Cached keys; beyond it the cache starts over (keys are re-read on their next use). */
    static final int MAX_CACHED = 10_000;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final ApiKeyStore store;
    private final Clock clock;
    private final Executor background;
    private final int maxKeys;
    private final ConcurrentHashMap<String, Known> cache = new ConcurrentHashMap<>();

    /** A key as checked on each request: its digest and its principal made once, not per request. */
    private record Known(StoredApiKey key, byte[] digest, Principal principal) {
        static Known of(StoredApiKey key) {
            return new Known(key, java.util.HexFormat.of().parseHex(key.secretHash()), new Principal(key.name(), "key",
                    key.scopes().stream().map(Scope::parse).toList(),
                    new RateLimits(key.limits().requestsPerSecond(), key.limits().eventsPerSecond())));
        }
    }
    private final ConcurrentHashMap<String, Instant> touched = new ConcurrentHashMap<>();

    /**
     * @param background runs the last-used updates (blocking store writes)
     * @param maxKeys the most keys the node keeps, revoked ones included (setting {@code max-keys})
     */
    public ApiKeys(ApiKeyStore store, Clock clock, Executor background, int maxKeys) {
        this.store = store;
        this.clock = clock;
        this.background = background;
        this.maxKeys = maxKeys;
    }

    /** A key just made, with the only copy of its token. */
    public record CreatedKey(StoredApiKey key, ApiKeyToken token) {}

    /**
     * Makes a key. Blocking.
     *
     * @param creator who asks; a key can only be given scopes its creator holds
     * @throws IllegalArgumentException naming the field, for a bad name, scope or expiry
     * @throws ForbiddenException if the creator does not hold a scope it asks for
     * @throws dev.tributary.broker.store.KeyExistsException if the name is taken
     */
    public synchronized CreatedKey create(String name, List<String> scopes, Optional<Instant> expiresAt,
            RateLimits limits, Principal creator) {
        List<Scope> parsed = checkedScopes(checkedName(name), scopes);
        for (Scope scope : parsed) {
            if (!creator.holds(scope)) {
                throw new ForbiddenException(scope, "a key can only be given scopes its creator holds");
            }
        }
        Instant now = clock.instant();
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(now)) {
            throw new IllegalArgumentException("expiresAt: must be in the future, was " + expiresAt.get());
        }
        if (store.list().size() >= maxKeys) {
            throw new LimitReachedException("keys", maxKeys, "max-keys");
        }
        ApiKeyToken token = ApiKeyToken.generate();
        StoredApiKey key = new StoredApiKey(token.id(), name, token.secretHash(),
                parsed.stream().map(Scope::toString).toList(), now, expiresAt, Optional.empty(), Optional.empty(),
                new StoredApiKey.KeyLimits(limits.requestsPerSecond(), limits.eventsPerSecond()));
        store.create(key);
        return new CreatedKey(key, token);
    }

    /** Whether the node has no key at all, so that it should make its first admin key. Blocking. */
    public boolean none() {
        return store.isEmpty();
    }

    /** Every key, revoked ones too. Blocking. */
    public List<StoredApiKey> list() {
        return store.list();
    }

    public Optional<StoredApiKey> get(String id) {
        return store.get(id);
    }

    /**
     * Revokes a key at once. Blocking.
     *
     * @return whether it exists
     */
    public boolean revoke(String id) {
        boolean found = store.revoke(id, clock.instant());
        cache.remove(id);
        return found;
    }

    /** The cached key of this id, if it was used recently: the check needs no I/O then. */
    public Optional<StoredApiKey> cached(String id) {
        Known known = cache.get(id);
        return known == null ? Optional.empty() : Optional.of(known.key());
    }

    /** Reads a key from the store into the cache. Blocking. */
    public Optional<StoredApiKey> load(String id) {
        Optional<StoredApiKey> key = store.get(id);
        if (key.isPresent()) {
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(id, Known.of(key.get()));
        }
        return key;
    }

    /**
     * Checks a token against its stored key: the secret (in constant time), revocation and expiry.
     *
     * @return the principal, or why the token is refused (never echoing the token)
     */
    public Authentication check(ApiKeyToken token, Optional<StoredApiKey> stored) {
        if (stored.isEmpty()) {
            return Authentication.refused("unknown-key", "the API key is not valid");
        }
        Known known = cache.get(stored.get().id());
        if (known == null || known.key() != stored.get()) {
            known = Known.of(stored.get());
        }
        if (!token.matches(known.digest())) {
            return Authentication.refused("unknown-key", "the API key is not valid");
        }
        StoredApiKey key = known.key();
        Instant now = clock.instant();
        if (key.revokedAt().isPresent()) {
            return Authentication.refused("revoked-key", "the API key was revoked");
        }
        if (key.expiresAt().isPresent() && !now.isBefore(key.expiresAt().get())) {
            return Authentication.refused("expired-key", "the API key expired at " + key.expiresAt().get());
        }
        touch(key.id(), now);
        return Authentication.of(known.principal());
    }

    private void touch(String id, Instant now) {
        Instant last = touched.get(id);
        if (last != null && last.plus(TOUCH_EVERY).isAfter(now)) {
            return;
        }
        if (touched.size() >= MAX_CACHED) {
            touched.clear();
        }
        touched.put(id, now);
        background.execute(() -> store.touch(id, now));
    }

    static String checkedName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: must be 1-64 characters a-z 0-9 . _ - starting with a letter or"
                    + " digit, was " + (name == null ? "missing" : "\"" + name + "\""));
        }
        return name;
    }

    static List<Scope> checkedScopes(String name, List<String> scopes) {
        if (scopes == null || scopes.isEmpty() || scopes.size() > MAX_SCOPES) {
            throw new IllegalArgumentException("scopes: must list 1.." + MAX_SCOPES + " scopes for key " + name);
        }
        List<Scope> parsed = new ArrayList<>();
        for (int i = 0; i < scopes.size(); i++) {
            try {
                parsed.add(Scope.parse(scopes.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scopes[" + i + "]: " + e.getMessage());
            }
        }
        return parsed;
    }
}
