package dev.tributary.broker.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.SpecificationVersion;

/** The JSON Schema dialects the registry accepts, chosen by a schema's {@code $schema}; 2020-12 when it has none. */
enum Dialect {
    DRAFT_2020_12("https://json-schema.org/draft/2020-12/schema", SpecificationVersion.DRAFT_2020_12),
    DRAFT_07("http://json-schema.org/draft-07/schema#", SpecificationVersion.DRAFT_7);

    private final String id;
    private final SpecificationVersion specification;

    Dialect(String id, SpecificationVersion specification) {
        this.id = id;
        this.specification = specification;
    }

    /** The meta-schema's canonical URI, the value of {@code $schema} that selects the dialect. */
    String id() {
        return id;
    }

    SpecificationVersion specification() {
        return specification;
    }

    /**
     * The dialect a schema declares. Either scheme and an empty fragment are accepted, as both are common in the wild.
     *
     * @throws InvalidSchemaException if {@code $schema} names another dialect or is not a string
     */
    static Dialect of(JsonNode schema) {
        JsonNode declared = schema.get("$schema");
        if (declared == null) {
            return DRAFT_2020_12;
        }
        if (declared.isTextual()) {
            String id = declared.asText().replaceFirst("^https?://", "").replaceFirst("#$", "");
            for (Dialect dialect : values()) {
                if (dialect.id.replaceFirst("^https?://", "").replaceFirst("#$", "").equals(id)) {
                    return dialect;
                }
            }
        }
        throw new InvalidSchemaException("/$schema: " + declared + " is not a supported dialect; use "
                + DRAFT_2020_12.id + " (the default) or " + DRAFT_07.id);
    }
}
