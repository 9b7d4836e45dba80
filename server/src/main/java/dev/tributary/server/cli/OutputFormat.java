package dev.tributary.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;

/** How results are printed: {@code json} (pretty, the default) or {@code ndjson} (one compact line per item). */
enum OutputFormat {
    json,
    ndjson;

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Prints one result: pretty JSON, or one compact line in {@code ndjson}. */
    void print(JsonNode result, PrintWriter out) {
        write(result, this == json ? PRETTY : MAPPER, out);
    }

    /**
     * Prints a listing such as {@code {"buses":[…]}}: the whole object as pretty JSON, or in {@code ndjson} one line
     * per element of its {@code field} array.
     */
    void printItems(JsonNode result, String field, PrintWriter out) {
        if (this == json || result == null || !result.path(field).isArray()) {
            print(result, out);
            return;
        }
        for (JsonNode item : result.get(field)) {
            write(item, MAPPER, out);
        }
    }

    private static void write(JsonNode node, ObjectMapper mapper, PrintWriter out) {
        try {
            out.println(mapper.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }
}
