package dev.tributary.core.eventstore.projection;

import dev.tributary.core.eventstore.RecordedEvent;

/**
 * Why a runner stopped: at which global position, and how an operator reads it.
 *
 * @param resumeAt where a skip goes on, -1 when there is nothing to skip (the store failed, another projector runs the
 *     version, the subscription ended)
 */
record Failure(long position, String message, long resumeAt) {

    boolean skippable() {
        return resumeAt >= 0;
    }

    /** User code failed on {@code event}; a skip goes on right after it. */
    static Failure event(RecordedEvent event, String stage, RuntimeException cause) {
        String where = event.stream() == null
                ? "no stream"
                : "stream " + event.stream() + " version " + event.version();
        return new Failure(event.position(), stage + " failed on the event at position " + event.position() + " ("
                + where + ", type " + event.event().getType() + "): " + cause, event.position() + 1);
    }

    /** The events from {@code checkpoint} to before {@code firstKept} are gone; a skip goes on at the first kept. */
    static Failure gone(long checkpoint, long firstKept) {
        return new Failure(checkpoint, "events " + checkpoint + ".." + (firstKept - 1) + " are no longer stored"
                + " (retention or truncation); skip() goes on at " + firstKept, firstKept);
    }

    static Failure subscriptionEnded(long checkpoint, Throwable error) {
        return new Failure(checkpoint, "the event store ended the subscription: "
                + (error == null ? "closed" : error.toString()), -1);
    }

    static Failure unexpected(long checkpoint, RuntimeException e) {
        return new Failure(checkpoint, "the projector failed: " + e, -1);
    }

    static Failure fenced(long checkpoint, String now) {
        return new Failure(checkpoint, "its checkpoint is no longer " + checkpoint + now + ": another projector runs"
                + " this version; stop that one, then retry()", -1);
    }

    static Failure store(long checkpoint, Exception e, long retryInMs) {
        return new Failure(checkpoint, "the state store failed: " + e.getMessage() + " (trying again in "
                + retryInMs + " ms)", -1);
    }
}
