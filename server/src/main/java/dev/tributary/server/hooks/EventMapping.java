package dev.tributary.server.hooks;

import io.cloudevents.CloudEvent;
import java.util.List;

/** Turns a verified request into the events to append. Implementations are immutable and thread-safe. */
interface EventMapping {
    /**
     * The events of {@code request}.
     *
     * @throws dev.tributary.core.InvalidFieldException naming the header or body member that makes no valid event
     */
    List<CloudEvent> events(HookRequest request, Payload payload);
}
