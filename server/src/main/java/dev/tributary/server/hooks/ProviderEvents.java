package dev.tributary.server.hooks;

import dev.tributary.core.EventRules;
import dev.tributary.core.InvalidFieldException;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Builds the one event of a provider's webhook: attributes from its {@link ProviderMapping} unless the hook's
 * {@link EventOptions} fix them, {@code datacontenttype} from the request's {@code Content-Type}, the body as the
 * data byte for byte (never parsed and re-written), header extensions, then the CloudEvents rules
 * ({@link EventRules#check}, which throws an {@link dev.tributary.core.InvalidEventException} naming the attribute).
 * Immutable, so thread-safe.
 */
final class ProviderEvents implements EventMapping {
    private final ProviderMapping mapping;
    private final EventOptions options;
    private final URI hookSource;

    ProviderEvents(String hookName, ProviderMapping mapping, EventOptions options) {
        this.mapping = mapping;
        this.options = options;
        this.hookSource = URI.create("/hooks/" + hookName);
    }

    @Override
    public List<CloudEvent> events(HookRequest request, Payload payload) {
        CloudEventBuilder event = CloudEventBuilder.v1()
                .withId(mapping.id(request, payload))
                .withType(options.type().orElseGet(() -> mapping.type(request, payload)))
                .withSource(options.source().map(URI::create).orElseGet(() -> source(request, payload)));
        String subject = mapping.subject(request, payload);
        if (subject != null && !subject.isBlank()) {
            event.withSubject(subject);
        }
        Instant time = mapping.time(request, payload);
        event.withTime(OffsetDateTime.ofInstant(time == null ? request.receivedAt() : time, ZoneOffset.UTC));
        String contentType = request.contentType();
        if (contentType != null) {
            contentType = contentType.strip();
            if (!EventRules.isMediaType(contentType)) {
                throw new InvalidFieldException("Content-Type", "must be a media type such as application/json");
            }
            event.withData(contentType, request.body());
        } else if (request.body().length > 0) {
            event.withData(request.body());
        }
        HeaderExtensions.copy(options.extensions(), request.headers(), event);
        return List.of(EventRules.check(event.build()));
    }

    private URI source(HookRequest request, Payload payload) {
        URI source = mapping.source(request, payload);
        return source == null ? hookSource : source;
    }
}
