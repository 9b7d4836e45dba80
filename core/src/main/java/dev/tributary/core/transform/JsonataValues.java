package dev.tributary.core.transform;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Converts between Jackson trees and the plain Java values JSONata works on ({@link Map}, {@link List},
 * {@link String}, {@link Number}, {@link Boolean}, {@code null}), and writes a JSONata result as JSON bytes within a
 * size bound. Numbers become doubles as in JSONata (integers that fit stay integers); on the way out, a double with
 * no fraction is written as an integer, as JSONata's reference implementation prints it. Stateless and thread-safe.
 */
final class JsonataValues {
    // Below Jackson's own bound on writing nested containers (1000), so this one is the one that speaks.
    static final int MAX_NESTING = 500;
    private static final JsonFactory JSON = new JsonFactory();
    /** 2^53: doubles below it in magnitude hold integers exactly. */
    private static final double EXACT_INTEGERS = 9007199254740992d;

    private JsonataValues() {}

    /** {@code node} as JSONata input. */
    static Object toJava(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>(Math.max(4, node.size() * 2));
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    map.put(e.getKey(), toJava(e.getValue()));
                }
                yield map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode element : node) {
                    list.add(toJava(element));
                }
                yield list;
            }
            case STRING -> node.textValue();
            case BOOLEAN -> node.booleanValue();
            case NUMBER -> node.isInt() || node.isLong() ? node.numberValue() : (Object) node.doubleValue();
            default -> null;
        };
    }

    /**
     * Writes a JSONata result as compact UTF-8 JSON.
     *
     * @param path the transform's JSONata path, for reasons
     * @throws TransformException if the result holds something that is not JSON (a function, a non-finite number),
     *     nests deeper than {@value #MAX_NESTING}, or is larger than {@code maxBytes}
     */
    static byte[] toJson(Object result, String path, int maxBytes) {
        BoundedBytes out = new BoundedBytes(path, maxBytes);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            write(g, result, path, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, Object value, String path, int depth) throws IOException {
        if (depth > MAX_NESTING) {
            throw new TransformException(path + ": the result nests deeper than " + MAX_NESTING + " levels");
        }
        switch (value) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case BigInteger b -> g.writeNumber(b);
            case BigDecimal d -> g.writeNumber(d);
            case Number n -> writeDouble(g, n.doubleValue(), path);
            case Map<?, ?> map -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    write(g, e.getValue(), path, depth + 1);
                }
                g.writeEndObject();
            }
            case List<?> list -> {
                g.writeStartArray();
                for (Object element : list) {
                    write(g, element, path, depth + 1);
                }
                g.writeEndArray();
            }
            default -> {
                if (value == Jsonata.NULL_VALUE) {
                    g.writeNull();
                } else {
                    throw new TransformException(
                            path + ": the result holds " + describe(value) + ", which is not JSON");
                }
            }
        }
    }

    private static void writeDouble(JsonGenerator g, double d, String path) throws IOException {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new TransformException(path + ": the result holds the number " + d + ", which is not JSON");
        }
        if (d == Math.rint(d) && Math.abs(d) < EXACT_INTEGERS) {
            g.writeNumber((long) d);
        } else {
            g.writeNumber(d);
        }
    }

    /** What kind of value a JSONata result is, for reasons: {@code an object}, {@code a function}, … */
    static String describe(Object value) {
        return switch (value) {
            case Map<?, ?> map -> "an object";
            case List<?> list -> "an array";
            case String string -> "a string";
            case Number number -> "a number";
            case Boolean bool -> "a boolean";
            case Jsonata.JFunction function -> "a function";
            case Jsonata.JLambda lambda -> "a function";
            case Pattern regex -> "a regular expression";
            default -> value == Jsonata.NULL_VALUE ? "null"
                    : Functions.isLambda(value) ? "a function"
                    : "a value of type " + value.getClass().getSimpleName();
        };
    }

    /** Collects bytes up to a bound; past it, fails the event instead of growing. */
    private static final class BoundedBytes extends ByteArrayOutputStream {
        private final String path;
        private final int max;

        BoundedBytes(String path, int max) {
            super(256);
            this.path = path;
            this.max = max;
        }

        @Override
        public void write(int b) {
            check(1);
            super.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            check(len);
            super.write(b, off, len);
        }

        private void check(int more) {
            if (count + (long) more > max) {
                throw new TransformException(path + ": the result is larger than " + max + " bytes of JSON");
            }
        }
    }
}
