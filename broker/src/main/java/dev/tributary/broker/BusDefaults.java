package dev.tributary.broker;

import dev.tributary.log.Durability;
import java.time.Duration;

/**
 * Node-wide log settings applied to every bus.
 *
 * @param durability when appends complete
 * @param segmentBytes segment roll size
 * @param dedupWindow duplicate window
 */
public record BusDefaults(Durability durability, long segmentBytes, Duration dedupWindow) {}
