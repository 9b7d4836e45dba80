package dev.tributary.broker.store;

/** A hook of that name exists already. */
public final class HookExistsException extends RuntimeException {
    public HookExistsException(String name) {
        super("a hook named " + name + " exists already");
    }
}
