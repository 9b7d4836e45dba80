package dev.tributary.core.eventstore;

/** A call named a consumer group that does not exist. */
public class GroupNotFoundException extends EventStoreException {
    private final String group;

    public GroupNotFoundException(String group) {
        super("consumer group '" + group + "' does not exist");
        this.group = group;
    }

    public String group() {
        return group;
    }
}
