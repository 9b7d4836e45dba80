package dev.tributary.broker.schema;

import static dev.tributary.broker.schema.SchemaRegistryTest.data;
import static dev.tributary.broker.schema.SchemaRegistryTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.tributary.broker.store.MetadataStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What registration checks in a schema, and what validation answers about event data. */
class SchemaValidationTest {
    private static final Subject ORDER = Subject.global("order.placed");
    private static final String ORDER_SCHEMA = json("{'type':'object','required':['id','total'],"
            + "'properties':{'id':{'type':'string'},'total':{'$ref':'#/$defs/money'},"
            + "'lines':{'type':'array','items':{'type':'object','required':['sku'],"
            + "'properties':{'sku':{'type':'string','pattern':'^[A-Z]+$'},'qty':{'type':'integer','minimum':1}}}}},"
            + "'$defs':{'money':{'type':'number','minimum':0}}}");

    @TempDir
    Path dir;

    private MetadataStore store;
    private SchemaRegistry registry;
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void open() throws Exception {
        store = MetadataStore.openSqlite(dir.resolve("metadata.db"));
        registry = SchemaRegistry.create(store.schemas(), Clock.systemUTC());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "{\"type\":\"string\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void close() {
        server.stop(0);
        store.close();
    }

    @Test
    void answersEachViolationWithItsPointerKeywordAndMessage() {
        registry.register(ORDER, ORDER_SCHEMA);

        List<Violation> violations = registry.validate(null, "order.placed",
                data("{'id':'o-1','total':-1,'lines':[{'sku':'ab','qty':0},{'qty':2}]}"));

        assertThat(violations).containsExactlyInAnyOrder(
                new Violation("/total", "minimum", "must have a minimum value of 0"),
                new Violation("/lines/0/sku", "pattern", "does not match the regex pattern ^[A-Z]+$"),
                new Violation("/lines/0/qty", "minimum", "must have a minimum value of 1"),
                new Violation("/lines/1", "required", "required property 'sku' not found"));
        assertThat(registry.validate(null, "order.placed", data("{'id':'o-1','total':3.5,'lines':[{'sku':'AB'}]}")))
                .isEmpty();
    }

    @Test
    void validatesTheDataItselfAtTheEmptyPointer() {
        registry.register(ORDER, ORDER_SCHEMA);

        assertThat(registry.validate(null, "order.placed", data("[1]")))
                .containsExactly(new Violation("", "type", "array found, object expected"));
    }

    @Test
    void usesDraft07WhenTheSchemaSaysSo() {
        registry.register(ORDER, json("{'$schema':'http://json-schema.org/draft-07/schema#',"
                + "'definitions':{'pair':{'items':[{'type':'string'},{'type':'number'}]}},"
                + "'properties':{'pair':{'$ref':'#/definitions/pair'}}}"));

        // In draft-07 an array of items is a tuple; in 2020-12 the same keyword would be invalid.
        assertThat(registry.validate(null, "order.placed", data("{'pair':['a',1]}"))).isEmpty();
        assertThat(registry.validate(null, "order.placed", data("{'pair':[1,'a']}")))
                .extracting(Violation::pointer).containsExactly("/pair/0", "/pair/1");
    }

    @Test
    void usesDraft2020_12ByDefaultAndWhenNamed() {
        String tuple = "{'properties':{'pair':{'prefixItems':[{'type':'string'}],'items':false}}}";
        Subject named = Subject.global("named");
        registry.register(ORDER, json(tuple));
        registry.register(named, json(tuple.replaceFirst("\\{", "{'\\$schema':'https://json-schema.org/draft/2020-12/schema',")));

        for (String type : List.of("order.placed", "named")) {
            assertThat(registry.validate(null, type, data("{'pair':['a']}"))).isEmpty();
            assertThat(registry.validate(null, type, data("{'pair':['a',2]}"))).extracting(Violation::pointer)
                    .containsExactly("/pair");
        }
    }

    @Test
    void refusesASchemaThatBreaksItsMetaSchemaNamingWhere() {
        assertThatThrownBy(() -> registry.register(ORDER, json("{'type':'objekt','properties':{'n':{'minimum':'0'}}}")))
                .isInstanceOfSatisfying(InvalidSchemaException.class, e -> assertThat(e.problems())
                        .anySatisfy(problem -> assertThat(problem).startsWith("/type: "))
                        .anySatisfy(problem -> assertThat(problem).startsWith("/properties/n/minimum: ")
                                .contains("number expected")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.register(ORDER, json("{'$schema':'http://json-schema.org/draft-07/schema#',"
                + "'required':'id'}")))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("/required: ")
                .hasMessageContaining("draft-07");
        assertThat(registry.subjects()).isEmpty();
    }

    @Test
    void refusesAnUnsupportedDialect() {
        assertThatThrownBy(() -> registry.register(ORDER, json("{'$schema':'http://json-schema.org/draft-04/schema#'}")))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("/$schema")
                .hasMessageContaining("draft-04")
                .hasMessageContaining("https://json-schema.org/draft/2020-12/schema");
    }

    @Test
    void refusesAPatternThatIsNoRegularExpression() {
        assertThatThrownBy(() -> registry.register(ORDER, json("{'properties':{'a':{'pattern':'([a-z'}}}")))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("cannot be compiled");
    }

    @Test
    void refusesAReferenceToAServerWithoutAskingIt() {
        String remote = "http://127.0.0.1:" + server.getAddress().getPort() + "/order.json";

        assertThatThrownBy(() -> registry.register(ORDER, json("{'properties':{'a':{'$ref':'" + remote + "'}}}")))
                .isInstanceOfSatisfying(InvalidSchemaException.class, e -> assertThat(e.problems()).containsExactly(
                        "/properties/a/$ref: \"" + remote + "\" points outside this schema; a registered schema may"
                                + " only refer to itself (\"#/$defs/…\"), and nothing is ever fetched"));
        assertThat(requests).hasValue(0);
    }

    @Test
    void theValidatorItselfIsSetUpToFetchNothing() {
        // Past the registry's own reference check, the validator's loader must refuse too.
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        SchemaCompiler compiler = new SchemaCompiler(SchemaLimits.DEFAULTS);
        for (String ref : List.of(base + "/order.json", "other.json", "classpath:draft/2020-12/schema",
                "file:///etc/hostname")) {
            SchemaDocument document = SchemaDocument.parse(json("{'$id':'" + base + "/root.json',"
                    + "'properties':{'a':{'$ref':'" + ref + "'}}}"), SchemaLimits.DEFAULTS);
            assertThat(document.referenceProblems()).as(ref).hasSize(1);

            assertThatThrownBy(() -> compiler.compile(version(), document).validate(data("{'a':1}")))
                    .as(ref).hasMessageContaining("not allowed to be loaded");
        }
        assertThat(requests).hasValue(0);
    }

    @Test
    void refusesReferencesThatLeadNowhereOrByAnchor() {
        assertThatThrownBy(() -> registry.register(ORDER, json("{'properties':{'a':{'$ref':'#/$defs/missing'}}}")))
                .hasMessageContaining("/properties/a/$ref").hasMessageContaining("points at no schema");
        assertThatThrownBy(() -> registry.register(ORDER, json("{'$defs':{'x':{'$anchor':'x'}},"
                + "'properties':{'a':{'$ref':'#x'}}}")))
                .hasMessageContaining("anchors are not supported");
        assertThatThrownBy(() -> registry.register(ORDER, json("{'$defs':{'x':{'$id':'https://x.example/x'}}}")))
                .hasMessageContaining("/$defs/x/$id").hasMessageContaining("only the root");
        assertThatThrownBy(() -> registry.register(ORDER, json("{'$dynamicRef':'#meta'}")))
                .hasMessageContaining("$dynamicRef is not supported");
    }

    @Test
    void aReferenceToTheSchemasOwnIdIsLocal() {
        registry.register(ORDER, json("{'$id':'https://schemas.example/order','properties':{'total':"
                + "{'$ref':'https://schemas.example/order#/$defs/money'}},'$defs':{'money':{'type':'number'}}}"));

        assertThat(registry.validate(null, "order.placed", data("{'total':'ten'}"))).extracting(Violation::pointer)
                .containsExactly("/total");
        assertThat(requests).hasValue(0);
    }

    @Test
    void refusesDataNestedDeeperThanTheBoundWithoutValidatingIt() {
        registry.register(ORDER, json("{'$ref':'#/$defs/node','$defs':{'node':{'type':'object',"
                + "'properties':{'child':{'$ref':'#/$defs/node'}}}}}"));
        int max = SchemaLimits.DEFAULT_MAX_DATA_DEPTH;

        assertThat(registry.validate(null, "order.placed", nested(max))).isEmpty();
        List<Violation> tooDeep = registry.validate(null, "order.placed", nested(max + 1));

        assertThat(tooDeep).singleElement().satisfies(violation -> {
            assertThat(violation.keyword()).isEqualTo("maxDepth");
            assertThat(violation.pointer()).isEqualTo("/child".repeat(max));
            assertThat(violation.message()).contains("deeper than " + max + " levels");
        });
        assertThat(registry.validate(null, "order.placed", nested(100_000))).extracting(Violation::keyword)
                .containsExactly("maxDepth");
    }

    @Test
    void theDeepestDataAllowedValidatesWithoutExhaustingTheStack() {
        SchemaLimits deepest = new SchemaLimits(SchemaLimits.DEFAULT_MAX_SCHEMA_BYTES,
                SchemaLimits.DEFAULT_MAX_SCHEMA_DEPTH, 512, SchemaLimits.DEFAULT_MAX_CACHED_SCHEMAS);
        SchemaRegistry deep = SchemaRegistry.create(store.schemas(), Clock.systemUTC(), deepest);
        deep.register(ORDER, json("{'type':'object','properties':{'child':{'$ref':'#'}},'required':['id']}"));

        assertThat(deep.validate(null, "order.placed", nested(512))).hasSize(SchemaValidator.MAX_VIOLATIONS);
    }

    @Test
    void refusesSchemasPastTheSizeAndDepthBounds() {
        String large = "{\"description\":\"" + "x".repeat(SchemaLimits.DEFAULT_MAX_SCHEMA_BYTES) + "\"}";
        String deep = "{\"not\":".repeat(SchemaLimits.DEFAULT_MAX_SCHEMA_DEPTH) + "{}"
                + "}".repeat(SchemaLimits.DEFAULT_MAX_SCHEMA_DEPTH);

        assertThatThrownBy(() -> registry.register(ORDER, large)).isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("bytes, more than the " + SchemaLimits.DEFAULT_MAX_SCHEMA_BYTES + " allowed");
        assertThatThrownBy(() -> registry.register(ORDER, deep)).isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("nests deeper than " + SchemaLimits.DEFAULT_MAX_SCHEMA_DEPTH + " levels");
        assertThatThrownBy(() -> registry.register(ORDER, "[".repeat(5_000) + "]".repeat(5_000)))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("nests deeper");
    }

    @Test
    void aPatternTooCostlyForTheDataIsAViolationNotACrash() {
        registry.register(ORDER, json("{'properties':{'s':{'type':'string','pattern':'^(a|b)*$'}}}"));
        ObjectNode event = JsonNodeFactory.instance.objectNode().put("s", "ab".repeat(200_000) + "c");

        // Java's regular expressions recurse once per repetition of the group: this string overflows the stack.
        assertThat(registry.validate(null, "order.placed", event)).singleElement().satisfies(violation -> {
            assertThat(violation.keyword()).isEqualTo("pattern");
            assertThat(violation.message()).contains("too costly");
        });
    }

    @Test
    void answersAtMostAHundredViolations() {
        registry.register(ORDER, json("{'type':'array','items':{'type':'string'}}"));
        var event = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < 500; i++) {
            event.add(i);
        }

        assertThat(registry.validate(null, "order.placed", event)).hasSize(SchemaValidator.MAX_VIOLATIONS);
    }

    private static JsonNode nested(int depth) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode current = root;
        for (int level = 1; level < depth; level++) {
            current = current.putObject("child");
        }
        return root;
    }

    private static SchemaVersion version() {
        return new SchemaVersion(ORDER, 1, "{}", "-", Instant.EPOCH, null);
    }
}
