package dev.tributary.broker;

/** No bus has the given name. */
public class BusNotFoundException extends RuntimeException {
    public BusNotFoundException(String name) {
        super("bus '" + name + "' does not exist");
    }
}
