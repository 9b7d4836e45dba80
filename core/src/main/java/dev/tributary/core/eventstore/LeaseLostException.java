package dev.tributary.core.eventstore;

import java.util.List;

/**
 * An ack, nack or park named events the consumer does not hold: their lease expired (another consumer may have them
 * now), or the group never delivered them to it (or they were settled already). Nothing of the call was applied.
 */
public class LeaseLostException extends EventStoreException {
    private final String group;
    private final String consumer;
    private final List<Long> positions;
    private final String why;

    public LeaseLostException(String group, String consumer, List<Long> positions, String why) {
        super("consumer group '" + group + "': consumer '" + consumer + "' does not hold the events at positions "
                + positions + " (" + why + "); nothing was settled");
        this.group = group;
        this.consumer = consumer;
        this.positions = List.copyOf(positions);
        this.why = why;
    }

    public String group() {
        return group;
    }

    public String consumer() {
        return consumer;
    }

    /** Why: a lease expired, or the consumer never held them. */
    public String why() {
        return why;
    }

    /** The positions refused. */
    public List<Long> positions() {
        return positions;
    }
}
