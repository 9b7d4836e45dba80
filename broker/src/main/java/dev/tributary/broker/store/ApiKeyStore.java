package dev.tributary.broker.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The node's API keys. Revoked keys are kept (for the audit trail) until deleted with the store. */
public interface ApiKeyStore {

    /**
     * Stores a new key.
     *
     * @throws KeyExistsException if a key of that id or name exists (revoked or not)
     */
    void create(StoredApiKey key);

    Optional<StoredApiKey> get(String id);

    /** Every key, revoked ones too, in order of creation. */
    List<StoredApiKey> list();

    /** Whether any key exists at all, revoked or not; a node with none makes its first admin key. */
    boolean isEmpty();

    /**
     * Marks a key revoked at {@code at}; revoking it again keeps the first time.
     *
     * @return whether the key exists
     */
    boolean revoke(String id, Instant at);

    /** Records that the key was used at {@code at}; does nothing for a key that does not exist. */
    void touch(String id, Instant at);
}
