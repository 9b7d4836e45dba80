package dev.tributary.server.hooks;

import io.cloudevents.CloudEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the route does with one request, as {@link Hook#receive} decides it. Exactly one of:
 *
 * <pre>
 * Accepted  verified and mapped: append the events to the hook's bus, then answer 2xx (after they are durable)
 * Reply     a handshake (CloudEvents OPTIONS, Slack url_verification): send exactly this, write nothing
 * Refused   answer a problem detail with this status, field and reason, and these extra headers; write nothing
 * </pre>
 *
 * Immutable values (the arrays are not copied: do not change them).
 */
public sealed interface HookOutcome {
    /** The events to append, in order: one for a provider's webhook, one or more for a CloudEvents delivery. */
    record Accepted(List<CloudEvent> events) implements HookOutcome {
        public Accepted {
            events = List.copyOf(events);
        }
    }

    /**
     * An answer the hook gives itself.
     *
     * @param headers response headers, {@code Content-Type} included when there is a body
     * @param body the response body, often empty
     */
    record Reply(int status, Map<String, String> headers, byte[] body) implements HookOutcome {
        public Reply {
            headers = Map.copyOf(headers);
        }

        /** Equal when status, headers and body bytes are: a record would compare the array by identity. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Reply r
                    && status == r.status
                    && headers.equals(r.headers)
                    && Arrays.equals(body, r.body);
        }

        @Override
        public int hashCode() {
            return Objects.hash(status, headers, Arrays.hashCode(body));
        }

        @Override
        public String toString() {
            return "Reply[status=" + status + ", headers=" + headers + ", body=" + body.length + " bytes]";
        }
    }

    /**
     * A refusal.
     *
     * @param status 401 (not verified), 403 (origin not allowed), 400 (verified but not mappable to an event), 405
     *     (method), 413 (body too large) or 415 (a CloudEvents hook's body is no CloudEvent)
     * @param field the header, query parameter or body member at fault, for the problem detail
     * @param reason for the problem detail and logs; never contains the body, a signature or a secret
     * @param label a small fixed vocabulary for metrics: a {@link Verification.Failure#label()}, or
     *     {@code body-too-large}, {@code method-not-allowed}, {@code invalid-event}, {@code unsupported-media-type}
     * @param headers extra response headers, e.g. {@code Allow} with a 405
     */
    record Refused(int status, String field, String reason, String label, Map<String, String> headers)
            implements HookOutcome {
        public Refused {
            headers = Map.copyOf(headers);
        }
    }
}
