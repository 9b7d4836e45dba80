package dev.tributary.broker.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The node's inbound webhooks. */
public interface HookStore {

    /**
     * Stores a new hook.
     *
     * @throws HookExistsException if one of that name exists
     */
    void create(StoredHook hook);

    /**
     * Replaces a hook's bus and document.
     *
     * @return whether it exists
     */
    boolean update(String name, String bus, String document, Instant at);

    Optional<StoredHook> get(String name);

    /** Every hook, by name. */
    List<StoredHook> list();

    /** @return whether it existed */
    boolean delete(String name);
}
