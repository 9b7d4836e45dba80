package dev.tributary.server.hooks;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The headers of an inbound webhook request: names compared ignoring case (RFC 9110 §5.1), each name with all its
 * values in the order received. Immutable, so thread-safe.
 *
 * <p>Values are kept as the HTTP layer gives them. Vert.x (Netty) turns each header byte into one character
 * (ISO-8859-1), so a verifier that signs a header value signs {@code value.getBytes(ISO_8859_1)}: the bytes on the
 * wire.
 */
public final class HookHeaders {
    private final List<Map.Entry<String, String>> entries;
    private final TreeMap<String, List<String>> byName;

    private HookHeaders(List<Map.Entry<String, String>> entries) {
        this.entries = entries;
        this.byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String> e : entries) {
            byName.computeIfAbsent(e.getKey(), k -> new ArrayList<>(1)).add(e.getValue());
        }
        byName.replaceAll((name, values) -> List.copyOf(values));
    }

    /**
     * The headers of name/value pairs in the order received; a Vert.x {@code MultiMap} is such an iterable, so a route
     * passes {@code ctx.request().headers()} as it is.
     */
    public static HookHeaders of(Iterable<? extends Map.Entry<String, String>> headers) {
        List<Map.Entry<String, String>> copy = new ArrayList<>();
        for (Map.Entry<String, String> e : headers) {
            String name = Objects.requireNonNull(e.getKey(), "header name");
            String value = Objects.requireNonNull(e.getValue(), () -> "value of header " + name);
            copy.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
        }
        return new HookHeaders(Collections.unmodifiableList(copy));
    }

    /** Headers from a map of single values, for tests and tools. */
    public static HookHeaders of(Map<String, String> headers) {
        return of(headers.entrySet());
    }

    /** The first value of {@code name}, or {@code null} when the request has no such header. */
    public String first(String name) {
        List<String> values = byName.get(name);
        return values == null ? null : values.getFirst();
    }

    /** Every value of {@code name} in the order received; empty when there is none. */
    public List<String> all(String name) {
        return byName.getOrDefault(name, List.of());
    }

    /** Whether the request has at least one {@code name} header. */
    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /** The distinct names, in their first spelling, ordered ignoring case. */
    public Set<String> names() {
        return Collections.unmodifiableSet(byName.keySet());
    }

    /** Every name/value pair in the order received, names as sent. */
    public List<Map.Entry<String, String>> entries() {
        return entries;
    }

    /** Names only: header values may carry signatures and tokens, which must not reach a log. */
    @Override
    public String toString() {
        return "HookHeaders" + byName.keySet();
    }
}
