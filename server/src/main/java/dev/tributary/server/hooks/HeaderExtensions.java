package dev.tributary.server.hooks;

import dev.tributary.core.EventRules;
import dev.tributary.core.InvalidFieldException;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.util.List;
import java.util.Map;

/**
 * Copies request headers into extensions as {@link EventOptions#extensions()} says: a header sent several times
 * becomes its values joined by {@code ", "} (how HTTP combines field lines, RFC 9110 §5.3); an absent or blank
 * header sets nothing. Stateless.
 */
final class HeaderExtensions {
    private HeaderExtensions() {}

    static void copy(Map<String, String> extensions, HookHeaders headers, CloudEventBuilder event) {
        for (Map.Entry<String, String> e : extensions.entrySet()) {
            List<String> values = headers.all(e.getKey());
            String value = String.join(", ", values).strip();
            if (value.isEmpty()) {
                continue;
            }
            try {
                EventRules.extensionValue(e.getValue(), value);
            } catch (IllegalArgumentException bad) {
                throw new InvalidFieldException(e.getKey(), bad.getMessage());
            }
            event.withExtension(e.getValue(), value);
        }
    }
}
