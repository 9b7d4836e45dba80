package dev.tributary.broker;

/** A bus with the given name already exists. */
public class BusExistsException extends RuntimeException {
    public BusExistsException(String name) {
        super("bus '" + name + "' already exists");
    }
}
