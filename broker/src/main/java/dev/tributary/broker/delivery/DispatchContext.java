package dev.tributary.broker.delivery;

import dev.tributary.broker.Buses;
import dev.tributary.broker.store.MetadataStore;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * What every subscription dispatcher of a node shares.
 *
 * @param clock for attempt times and retry due times (tests advance it)
 * @param listener already {@linkplain GuardedListener guarded}
 * @param handlers runs the handling of attempt outcomes that write to the store, off the sink's threads: virtual
 *     threads
 * @param commits writes every subscription's progress in shared transactions
 * @param feeds read each bus partition once for all the subscriptions that have caught up with it
 */
record DispatchContext(MetadataStore store, Buses buses, Clock clock, DeliveryListener listener, Executor handlers,
        CommitBatcher commits, PartitionFeeds feeds) {}
