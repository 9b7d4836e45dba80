package dev.tributary.broker.delivery;

import dev.tributary.broker.subscription.DeliveryPolicy;
import java.util.Arrays;

/**
 * The priority lanes of a subscription: each priority level its rules name (above 0) gets a lane, highest first, and
 * the last lane takes every other event. Each lane reads every partition from the committed offset and sends only its
 * own events, so a high level is found across a whole backlog (see {@link SubscriptionDispatcher}). {@code ordered}
 * subscriptions have one lane: their order is per key, not by priority. Immutable.
 */
final class Lanes {
    private final int[] levels;

    private Lanes(int[] levels) {
        this.levels = levels;
    }

    static Lanes of(DeliveryPolicy policy) {
        if (policy.ordering() == DeliveryPolicy.Ordering.ORDERED) {
            return new Lanes(new int[0]);
        }
        int[] ascending = policy.priority().stream().mapToInt(DeliveryPolicy.PriorityRule::level)
                .filter(level -> level > 0).distinct().sorted().toArray();
        int[] descending = new int[ascending.length];
        Arrays.setAll(descending, i -> ascending[ascending.length - 1 - i]);
        return new Lanes(descending);
    }

    /** How many lanes read each partition: one per level with a lane, plus one for every other event. */
    int count() {
        return levels.length + 1;
    }

    /** Whether more than one lane reads each partition. */
    boolean several() {
        return levels.length > 0;
    }

    /** The lane that sends events of {@code priority}. */
    int of(int priority) {
        for (int lane = 0; lane < levels.length; lane++) {
            if (levels[lane] == priority) {
                return lane;
            }
        }
        return levels.length;
    }

    /** How a lane's reader thread is told apart: {@code -level9}, or nothing for the lane of every other event. */
    String suffix(int lane) {
        return lane < levels.length ? "-level" + levels[lane] : "";
    }
}
