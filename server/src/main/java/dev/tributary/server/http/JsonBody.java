package dev.tributary.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one reader of JSON request bodies. The content type must be {@code application/json} or
 * {@code application/*+json} (415 otherwise: {@code text/plain} is what any web page may send cross-site without a
 * CORS preflight), the bytes must be UTF-8 (RFC 8259 §8.1), and the text one JSON object; every failure is a problem
 * naming {@code content-type} or {@code body}. Stateless and thread-safe.
 */
final class JsonBody {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonBody() {}

    /** The body, which must be a JSON object; {@code example} shows what is expected in the error. */
    static JsonNode object(RoutingContext ctx, String example) {
        requireJsonMediaType(ctx.request().getHeader("content-type"));
        return parseObject(RequestBody.of(ctx).getBytes(), example);
    }

    /**
     * An optional body: absent (and without a content type) it reads as an empty object, otherwise as
     * {@link #object}.
     */
    static JsonNode optionalObject(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("content-type");
        byte[] bytes = RequestBody.of(ctx).getBytes();
        if (bytes.length == 0 && contentType == null) {
            return JSON.createObjectNode();
        }
        requireJsonMediaType(contentType);
        return bytes.length == 0 ? JSON.createObjectNode() : parseObject(bytes, null);
    }

    /** 415 unless {@code contentType} is JSON in UTF-8. */
    static void requireJsonMediaType(String contentType) {
        String reason = null;
        if (contentType == null) {
            reason = "is required: application/json";
        } else {
            String[] parts = contentType.split(";", -1);
            String media = parts[0].strip().toLowerCase(Locale.ROOT);
            if (!media.equals("application/json") && !(media.startsWith("application/") && media.endsWith("+json"))) {
                reason = "must be application/json, was '" + contentType + "'";
            }
            for (int i = 1; i < parts.length && reason == null; i++) {
                String[] param = parts[i].split("=", 2);
                if (param[0].strip().equalsIgnoreCase("charset") && (param.length < 2
                        || !param[1].strip().replace("\"", "").equalsIgnoreCase("utf-8"))) {
                    reason = "JSON must be UTF-8, was '" + contentType + "'";
                }
            }
        }
        if (reason != null) {
            throw new HttpStatusException(
                    415, "unsupported-media-type", "Unsupported media type", "content-type", "content-type: " + reason);
        }
    }

    /**
     * 400 naming {@code body} unless {@code bytes} can be JSON in UTF-8. A JSON text never holds a raw NUL byte, and
     * Jackson reads a NUL among the first bytes, or a UTF-16 byte order mark, as a hint to decode UTF-16 or UTF-32.
     */
    static void requireUtf8Text(byte[] bytes) {
        if (bytes.length > 0 && ((bytes[0] & 0xff) == 0xfe || (bytes[0] & 0xff) == 0xff)) {
            throw new BadRequestException("body", "must be JSON in UTF-8; it starts with a UTF-16 or UTF-32 byte order mark");
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new BadRequestException("body", "is not valid JSON: NUL byte at " + i);
            }
        }
    }

    private static JsonNode parseObject(byte[] bytes, String example) {
        requireUtf8Text(bytes);
        JsonNode json;
        try {
            json = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("body", "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (json == null || !json.isObject()) {
            throw new BadRequestException("body", "must be a JSON object" + (example == null ? "" : " like " + example));
        }
        return json;
    }

    /** Refuses a member not in {@code known}, naming it; {@code prefix} is the object's path, such as {@code retention.}. */
    static void rejectUnknown(JsonNode json, Set<String> known, String prefix) {
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                throw new BadRequestException(prefix + field, "is not a known field; known: " + List.copyOf(known));
            }
        }
    }
}
