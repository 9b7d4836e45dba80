package dev.tributary.broker.store;

/** A key of that id or name exists already. */
public final class KeyExistsException extends RuntimeException {
    public KeyExistsException(String name) {
        super("a key named " + name + " exists already");
    }
}
