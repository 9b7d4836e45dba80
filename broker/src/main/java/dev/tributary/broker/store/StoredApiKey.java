package dev.tributary.broker.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An API key as the metadata store keeps it: never the secret, only its SHA-256.
 *
 * @param id the key's public part, unique, also the prefix of the token
 * @param name unique, chosen by whoever created it
 * @param secretHash the SHA-256 of the secret part of the token, lower-case hex
 * @param scopes what the key may do, in the API's scope syntax (the store does not interpret them)
 * @param limits the key's own rate limits, where they differ from the node's defaults
 */
public record StoredApiKey(
        String id,
        String name,
        String secretHash,
        List<String> scopes,
        Instant createdAt,
        Optional<Instant> expiresAt,
        Optional<Instant> lastUsedAt,
        Optional<Instant> revokedAt,
        KeyLimits limits) {

    public StoredApiKey {
        Check.text(id, "id");
        Check.text(name, "name");
        Check.text(secretHash, "secretHash");
        scopes = List.copyOf(scopes);
        Check.present(createdAt, "createdAt");
        Check.present(expiresAt, "expiresAt");
        Check.present(lastUsedAt, "lastUsedAt");
        Check.present(revokedAt, "revokedAt");
        Check.present(limits, "limits");
    }

    /**
     * Requests and events per second a key may send; empty means the node's default ({@code key-requests-per-second},
     * {@code key-events-per-second}).
     */
    public record KeyLimits(OptionalLong requestsPerSecond, OptionalLong eventsPerSecond) {
        public static final KeyLimits NODE_DEFAULTS = new KeyLimits(OptionalLong.empty(), OptionalLong.empty());

        public KeyLimits {
            Check.present(requestsPerSecond, "requestsPerSecond");
            Check.present(eventsPerSecond, "eventsPerSecond");
        }
    }
}
