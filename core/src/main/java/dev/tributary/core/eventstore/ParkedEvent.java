package dev.tributary.core.eventstore;

import java.time.Instant;

/** An event a consumer group set aside for an operator: why, when, and after how many deliveries. */
public record ParkedEvent(long position, int deliveries, String reason, Instant parkedAt) {}
