package dev.tributary.core.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A template with {@code <name>} placeholders for named inputs, compiled once. A placeholder is {@code <}, the name of
 * a declared input, {@code >}; any other text, {@code <b>} included, is literal.
 *
 * <p>A <b>JSON template</b> must be valid JSON once its placeholders are filled, and that is checked when it is
 * compiled: each placeholder outside a JSON string must stand where a whole value can, and is then replaced by the
 * input's JSON value ({@code "text"} quoted and escaped, {@code 12.50}, {@code true}, objects and arrays compact, and
 * {@code null} when the input has no value). A placeholder inside a JSON string inserts the value's text escaped for
 * that string: a string's characters, any other value's JSON text, nothing when there is no value. Because every
 * value is a whole JSON value and every inserted text is escaped, a template that passes the check always renders to
 * valid JSON.
 *
 * <p>A <b>text template</b> (the transform sets a non-JSON {@code datacontenttype}) inserts the same text as inside a
 * JSON string, unescaped. Output is UTF-8. Immutable, so thread-safe.
 */
final class Template implements DataStage {
    static final int MAX_CHARS = 64 * 1024;
    private static final int MAX_NAME = 64;
    private static final ObjectReader STRICT_JSON =
            JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build().reader();

    private enum Mode { JSON_VALUE, JSON_STRING, TEXT }

    private record Hole(EventPath input, Mode mode) {}

    private final String path;
    private final String[] literals;
    private final Hole[] holes;
    private final int maxOutputBytes;

    private Template(String path, List<String> literals, List<Hole> holes, int maxOutputBytes) {
        this.path = path;
        this.literals = literals.toArray(String[]::new);
        this.holes = holes.toArray(Hole[]::new);
        this.maxOutputBytes = maxOutputBytes;
    }

    /**
     * Compiles {@code text}.
     *
     * @param inputs the declared inputs by name, in the order written
     * @param json whether the output is JSON (else text)
     * @param path where the template sits, e.g. {@code transform.template}
     * @param inputsPath where the inputs sit, e.g. {@code transform.inputs}, for inputs the template never uses
     * @throws InvalidTransformException if a JSON template cannot render to valid JSON, or an input is unused
     */
    static Template compile(
            String text,
            Map<String, EventPath> inputs,
            boolean json,
            String path,
            String inputsPath,
            int maxOutputBytes) {
        if (text.length() > MAX_CHARS) {
            throw new InvalidTransformException(path, "is longer than " + MAX_CHARS + " characters");
        }
        List<String> literals = new ArrayList<>();
        List<Hole> holes = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        // The text with every placeholder replaced by a stand-in of the same length: "[ ... ]" (an empty array, a
        // whole JSON value like any input's) outside strings, "xx...x" inside them. Same length keeps the parser's
        // error positions those of the template.
        StringBuilder probe = new StringBuilder(text.length());
        Map<Integer, String> placeholderAt = new LinkedHashMap<>();
        int literalStart = 0;
        boolean inString = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (json && inString && c == '\\' && i + 1 < text.length()) {
                probe.append(c).append(text.charAt(i + 1));
                i += 2;
                continue;
            }
            if (json && c == '"') {
                inString = !inString;
            }
            String name = c == '<' ? placeholderName(text, i, inputs) : null;
            if (name == null) {
                probe.append(c);
                i++;
                continue;
            }
            Mode mode = !json ? Mode.TEXT : inString ? Mode.JSON_STRING : Mode.JSON_VALUE;
            literals.add(text.substring(literalStart, i));
            holes.add(new Hole(inputs.get(name), mode));
            used.add(name);
            placeholderAt.put(i, name);
            int length = name.length() + 2;
            if (mode == Mode.JSON_VALUE) {
                probe.append('[').append(" ".repeat(length - 2)).append(']');
            } else {
                probe.append("x".repeat(length));
            }
            i += length;
            literalStart = i;
        }
        literals.add(text.substring(literalStart));
        for (String name : inputs.keySet()) {
            if (!used.contains(name)) {
                throw new InvalidTransformException(inputsPath + "." + name, "is not used by the template (no <"
                        + name + "> in it)");
            }
        }
        if (json) {
            checkJson(probe.toString(), placeholderAt, path);
        }
        return new Template(path, literals, holes, maxOutputBytes);
    }

    /** The input name of a placeholder starting at {@code at}, or null if the text there is literal. */
    private static String placeholderName(String text, int at, Map<String, EventPath> inputs) {
        int limit = Math.min(text.length(), at + MAX_NAME + 2); // looks no further than the longest name
        for (int end = at + 1; end < limit; end++) {
            if (text.charAt(end) == '>') {
                String name = text.substring(at + 1, end);
                return inputs.containsKey(name) ? name : null;
            }
        }
        return null;
    }

    private static void checkJson(String probe, Map<Integer, String> placeholderAt, String path) {
        try {
            JsonNode parsed = STRICT_JSON.readTree(probe);
            if (parsed == null || parsed.isMissingNode()) {
                throw new InvalidTransformException(path, "is empty; a JSON template must be one JSON value");
            }
        } catch (JsonProcessingException e) {
            int offset = (int) e.getLocation().getCharOffset();
            String reason = "is not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage();
            for (Map.Entry<Integer, String> p : placeholderAt.entrySet()) {
                int start = p.getKey();
                if (offset >= start && offset < start + p.getValue().length() + 2) {
                    reason = "placeholder <" + p.getValue() + "> at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + " cannot stand there: outside quotes a placeholder is a "
                            + "whole JSON value (write \"<" + p.getValue() + ">\" to insert its text into a string)";
                }
            }
            if (offset >= 0 && offset < probe.length() && probe.charAt(offset) == '<') {
                reason += " (a <name> outside quotes must name a declared input)";
            }
            throw new InvalidTransformException(path, reason);
        }
    }

    @Override
    public byte[] produce(EventDocument event) {
        StringBuilder out = new StringBuilder(literals[0].length() * 2);
        out.append(literals[0]);
        for (int h = 0; h < holes.length; h++) {
            Hole hole = holes[h];
            JsonNode value = hole.input().read(event.tree());
            switch (hole.mode()) {
                case JSON_VALUE -> out.append(value == null ? "null" : value.toString());
                case JSON_STRING -> JsonStringEncoder.getInstance().quoteAsString(text(value), out);
                case TEXT -> out.append(text(value));
            }
            out.append(literals[h + 1]);
            if (out.length() > maxOutputBytes) {
                throw tooLarge();
            }
        }
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxOutputBytes) {
            throw tooLarge();
        }
        return bytes;
    }

    /** The text a value inserts inside a string or a text template. */
    private static String text(JsonNode value) {
        if (value == null) {
            return "";
        }
        return value.isTextual() ? value.textValue() : value.toString();
    }

    private TransformException tooLarge() {
        return new TransformException(path + ": the rendered template is larger than " + maxOutputBytes + " bytes");
    }
}
