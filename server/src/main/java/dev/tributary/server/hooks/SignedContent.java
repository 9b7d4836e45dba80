package dev.tributary.server.hooks;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;

/**
 * The compiled signed-content template of an {@link HmacConfig} ({@code {timestamp}.{body}}): literal text,
 * {@code {body}}, {@code {timestamp}}, {@code {header:Name}}, and {@code {{ }}} for braces. The language is
 * documented on {@link HmacConfig}; it has no conditionals, functions or escapes beyond the doubled brace.
 * Immutable, so thread-safe.
 */
final class SignedContent {
    static final int MAX_LENGTH = 256;

    private sealed interface Part {}

    private record Literal(byte[] utf8) implements Part {}

    private record Body() implements Part {}

    private record Timestamp() implements Part {}

    private record Header(String name) implements Part {}

    private final List<Part> parts;

    private SignedContent(List<Part> parts) {
        this.parts = parts;
    }

    /**
     * Compiles {@code template}.
     *
     * @throws IllegalArgumentException saying what is wrong and where (the index), e.g. an unknown placeholder or a
     *     template without exactly one {@code {body}}
     */
    static SignedContent parse(String template) {
        if (template.isEmpty() || template.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("must be 1-" + MAX_LENGTH + " characters");
        }
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int bodies = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            boolean doubled = i + 1 < template.length() && template.charAt(i + 1) == c;
            if ((c == '{' || c == '}') && doubled) {
                literal.append(c);
                i++;
            } else if (c == '}') {
                throw new IllegalArgumentException("unmatched } at index " + i + "; write }} for a literal }");
            } else if (c == '{') {
                int close = template.indexOf('}', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed { at index " + i + "; write {{ for a literal {");
                }
                if (!literal.isEmpty()) {
                    parts.add(new Literal(literal.toString().getBytes(UTF_8)));
                    literal.setLength(0);
                }
                Part part = placeholder(template.substring(i + 1, close), i);
                bodies += part instanceof Body ? 1 : 0;
                parts.add(part);
                i = close;
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString().getBytes(UTF_8)));
        }
        if (bodies != 1) {
            throw new IllegalArgumentException("must include {body} exactly once, has it " + bodies + " times");
        }
        return new SignedContent(List.copyOf(parts));
    }

    private static Part placeholder(String name, int at) {
        if (name.equals("body")) {
            return new Body();
        }
        if (name.equals("timestamp")) {
            return new Timestamp();
        }
        if (name.startsWith("header:")) {
            String header = name.substring("header:".length());
            try {
                return new Header(ConfigRules.headerName("signedContent", header));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("{" + name + "} at index " + at + " needs a header name");
            }
        }
        throw new IllegalArgumentException("unknown placeholder {" + name + "} at index " + at
                + "; known: {body}, {timestamp}, {header:Name}");
    }

    boolean usesTimestamp() {
        return parts.stream().anyMatch(p -> p instanceof Timestamp);
    }

    /** Whether the content includes the value of {@code timestampHeader}, as {@code {timestamp}} or by name. */
    boolean signs(String timestampHeader) {
        return parts.stream().anyMatch(p -> p instanceof Timestamp
                || (p instanceof Header h && h.name().equalsIgnoreCase(timestampHeader)));
    }

    /**
     * The content's pieces for {@code request}, in order, for the MAC to take one after the other.
     *
     * @param timestamp the timestampHeader's value, or {@code null} when the template has no {@code {timestamp}}
     * @throws Refusal when a header the template names is missing or repeated
     */
    byte[][] render(HookRequest request, String timestamp) {
        byte[][] pieces = new byte[parts.size()][];
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = switch (parts.get(i)) {
                case Literal l -> l.utf8();
                case Body b -> request.body();
                case Timestamp t -> timestamp.getBytes(ISO_8859_1);
                case Header h -> Signatures.header(request, h.name()).getBytes(ISO_8859_1);
            };
        }
        return pieces;
    }
}
