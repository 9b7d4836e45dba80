package dev.tributary.broker.schema;

import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.path.PathType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The registry's use of the networknt validator: checking a schema against its meta-schema, and compiling it (with
 * the {@link StreamingCheck} beside it where the schema allows one).
 *
 * <p>The validator loads nothing from outside. Its loader has no network loader (networknt fetches nothing unless told
 * to), and on top of that an allow-list: only the meta-schemas of the two dialects, which ship inside the validator's
 * jar, may be loaded; any other URI (http, https, file, classpath…) is refused before a loader sees it. Registration
 * refuses references that leave the schema ({@link SchemaDocument#referenceProblems}) before compiling, so this is
 * the second fence, not the first. Messages are in English whatever the machine's locale. Thread-safe.
 */
final class SchemaCompiler {
    private static final int MAX_PROBLEMS = 20;
    private static final SchemaRegistryConfig CONFIG = SchemaRegistryConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .locale(Locale.ENGLISH)
            .build();

    private final Map<Dialect, SchemaRegistry> registries = new EnumMap<>(Dialect.class);
    private final Map<Dialect, Schema> metaSchemas = new EnumMap<>(Dialect.class);
    private final int maxDataDepth;

    SchemaCompiler(SchemaLimits limits) {
        this.maxDataDepth = limits.maxDataDepth();
        for (Dialect dialect : Dialect.values()) {
            SchemaRegistry registry = SchemaRegistry.withDefaultDialect(dialect.specification(), builder -> builder
                    .schemaRegistryConfig(CONFIG)
                    .schemaLoader(loader -> loader.fetchRemoteResources(false).allow(SchemaCompiler::isMetaSchema)));
            Schema metaSchema = registry.getSchema(SchemaLocation.of(dialect.id()));
            metaSchema.initializeValidators();
            registries.put(dialect, registry);
            metaSchemas.put(dialect, metaSchema);
        }
    }

    /** Where and how a schema breaks its dialect's meta-schema: {@code /properties/a/type: …}; empty if it does not. */
    List<String> metaSchemaProblems(SchemaDocument document) {
        List<String> problems = new ArrayList<>();
        for (Error error : metaSchemas.get(document.dialect()).validate(document.root())) {
            if (problems.size() == MAX_PROBLEMS) {
                break;
            }
            String pointer = error.getInstanceLocation().toString();
            problems.add((pointer.isEmpty() ? "(root)" : pointer) + ": " + error.getMessage()
                    + " (as " + document.dialect().id() + " requires)");
        }
        return problems;
    }

    /**
     * Compiles a schema that passed its meta-schema and the reference check.
     *
     * @throws InvalidSchemaException if the validator cannot compile it (a {@code pattern} that is not a regular
     *     expression, say)
     */
    SchemaValidator compile(SchemaVersion version, SchemaDocument document) {
        try {
            Schema schema = registries.get(document.dialect()).getSchema(document.withoutDialect());
            schema.initializeValidators();
            StreamingCheck quick = RulesCompiler.compile(document, CONFIG.getRegularExpressionFactory())
                    .map(rules -> new StreamingCheck(rules, maxDataDepth))
                    .orElse(null);
            return new SchemaValidator(version, schema, quick, maxDataDepth);
        } catch (RuntimeException e) {
            throw new InvalidSchemaException("schema cannot be compiled: " + e.getMessage());
        }
    }

    private static boolean isMetaSchema(AbsoluteIri iri) {
        String uri = iri.toString();
        return uri.startsWith("https://json-schema.org/draft/2020-12/")
                || uri.equals("http://json-schema.org/draft-07/schema")
                || uri.equals("http://json-schema.org/draft-07/schema#");
    }
}
