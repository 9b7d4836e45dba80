package dev.tributary.broker.delivery;

import dev.tributary.log.BusLog;
import java.util.HashMap;
import java.util.Map;

/**
 * The node's {@link PartitionFeed}s, one per bus partition that has caught-up subscriptions: made on the first join,
 * forgotten when the last member has left. Keyed by the bus's log instance, so that a bus deleted and created again
 * under the same name gets new feeds. Thread-safe; its lock is taken before a feed's, never after.
 */
final class PartitionFeeds implements AutoCloseable {
    private record Key(BusLog log, int partition) {}

    private final Map<Key, PartitionFeed> feeds = new HashMap<>();
    private boolean closed;

    /**
     * Joins {@code member} to the feed of the partition; the feed, or null when the feed has already read past the
     * member's position (its reader goes on by itself) or after close.
     *
     * @param bus the bus's name, for thread names
     */
    synchronized PartitionFeed join(BusLog log, String bus, int partition, FeedMember member) {
        if (closed) {
            return null;
        }
        PartitionFeed feed = feeds.computeIfAbsent(new Key(log, partition), k -> new PartitionFeed(this, log, partition, bus));
        return feed.join(member) ? feed : null;
    }

    /** Called by a feed's thread once it has no member: true when it is forgotten (it stops), false if one joined. */
    synchronized boolean retire(PartitionFeed feed) {
        if (!feed.retireIfIdle()) {
            return false;
        }
        feeds.remove(new Key(feed.log(), feed.partition()), feed);
        return true;
    }

    /** How many feeds run: one per bus partition with caught-up subscriptions. */
    synchronized int size() {
        return feeds.size();
    }

    /** Stops every feed, letting its members go. */
    @Override
    public synchronized void close() {
        closed = true;
        feeds.values().forEach(PartitionFeed::close);
        feeds.clear();
    }
}
