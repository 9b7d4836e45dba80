package dev.tributary.core.eventstore;

/** A consumer group of that name exists on the bus. */
public class GroupExistsException extends EventStoreException {
    private final String group;

    public GroupExistsException(String group) {
        super("consumer group '" + group + "' exists");
        this.group = group;
    }

    public String group() {
        return group;
    }
}
