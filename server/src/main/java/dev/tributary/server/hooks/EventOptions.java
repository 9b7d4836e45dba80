package dev.tributary.server.hooks;

import dev.tributary.core.EventRules;
import dev.tributary.core.InvalidFieldException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a hook shapes the events it makes, the same for every provider: a fixed {@code type} and {@code source} that
 * replace the provider's defaults, and request headers copied into extensions. Immutable, so thread-safe.
 *
 * @param type replaces the provider's type when present; non-blank
 * @param source replaces the provider's source when present; a URI-reference
 * @param extensions request header name → extension name, at most {@value #MAX_EXTENSIONS}; an extension name is
 *     1–{@value #MAX_EXTENSION_NAME} characters {@code a-z 0-9} (the CloudEvents naming rule) and no context
 *     attribute; a header sent several times becomes its values joined by {@code ", "}; an absent header sets nothing
 */
public record EventOptions(Optional<String> type, Optional<String> source, Map<String, String> extensions) {
    /** Most extensions one hook may copy from headers. */
    public static final int MAX_EXTENSIONS = 16;
    /** Longest extension name (CloudEvents 1.0.2 "Attribute Naming Convention": SHOULD NOT exceed 20). */
    public static final int MAX_EXTENSION_NAME = 20;

    private static final EventOptions NONE = new EventOptions(Optional.empty(), Optional.empty(), Map.of());

    /** @throws InvalidFieldException naming {@code type}, {@code source} or {@code extensions.<header>} */
    public EventOptions {
        type = type == null ? Optional.empty() : type;
        source = source == null ? Optional.empty() : source;
        extensions = extensions == null ? Map.of() : extensions;
        type.ifPresent(t -> ConfigRules.check("type", () -> EventRules.nonBlank(t)));
        source.ifPresent(s -> ConfigRules.check("source", () -> EventRules.source(s)));
        if (extensions.size() > MAX_EXTENSIONS) {
            throw new InvalidFieldException(
                    "extensions", "must map at most " + MAX_EXTENSIONS + " headers, has " + extensions.size());
        }
        Map<String, String> byExtension = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : extensions.entrySet()) {
            String field = "extensions." + e.getKey();
            ConfigRules.headerName(field, e.getKey());
            String name = e.getValue();
            ConfigRules.check(field, () -> EventRules.extensionName(name));
            if (name.length() > MAX_EXTENSION_NAME) {
                throw new InvalidFieldException(field, "extension names must be at most " + MAX_EXTENSION_NAME
                        + " characters, was " + name.length());
            }
            String earlier = byExtension.put(name, e.getKey());
            if (earlier != null) {
                throw new InvalidFieldException(field, "extension " + name + " is already filled from " + earlier);
            }
        }
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** No fixed type or source, no extensions: the provider's defaults. */
    public static EventOptions none() {
        return NONE;
    }
}
