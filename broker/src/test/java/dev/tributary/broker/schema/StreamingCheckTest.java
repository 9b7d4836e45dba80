package dev.tributary.broker.schema;

import static dev.tributary.broker.schema.SchemaRegistryTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.regex.JDKRegularExpressionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * The quick check of valid data never accepts what the general validator refuses, and does accept the valid data of
 * the schemas it covers: held to every case of the JSON Schema test suite (2020-12 and draft-07) and to generated
 * data around a realistic schema's edges. Its parser form answers the same and leaves the parser after the value.
 */
class StreamingCheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final SchemaCompiler COMPILER = new SchemaCompiler(SchemaLimits.DEFAULTS);
    private static final String ORDER = json("{'type':'object','required':['id','status','total','lines'],"
            + "'additionalProperties':false,"
            + "'properties':{'id':{'type':'string','pattern':'^ord_[0-9]{3}$'},"
            + "'status':{'enum':['placed','paid',null,7,true]},'total':{'$ref':'#/$defs/money'},"
            + "'note':{'type':['string','null'],'minLength':2,'maxLength':4},'tags':{},"
            + "'lines':{'type':'array','minItems':1,'maxItems':3,'items':{'type':'object','required':['sku'],"
            + "'minProperties':2,'properties':{'sku':{'const':'A'},'qty':{'type':'integer','minimum':1,"
            + "'exclusiveMaximum':100}}}}},"
            + "'allOf':[{'properties':{'total':{'maximum':1000.5}}}],"
            + "'$defs':{'money':{'type':'number','exclusiveMinimum':0.1}}}");

    @Test
    void agreesWithTheJsonSchemaTestSuiteWheneverItAccepts() throws Exception {
        int accepted = 0;
        int cases = 0;
        int covered = 0;
        List<String> wrong = new ArrayList<>();
        for (Path file : suiteFiles()) {
            String dialect = file.getParent().getFileName().toString().equals("draft7")
                    ? "http://json-schema.org/draft-07/schema#" : null;
            for (JsonNode group : JSON.readTree(file.toFile())) {
                Optional<Checks> checks = Checks.of(group.get("schema"), dialect);
                for (JsonNode test : group.get("tests")) {
                    cases++;
                    if (checks.isEmpty() || checks.get().quick == null) {
                        continue;
                    }
                    covered++;
                    byte[] data = JSON.writeValueAsBytes(test.get("data"));
                    boolean quick = checks.get().quick.accepts(data);
                    assertThat(checks.get().acceptsInPlace(data)).as("in place: %s", test).isEqualTo(quick);
                    if (quick) {
                        accepted++;
                        if (!test.get("valid").asBoolean() || !checks.get().validator.validate(test.get("data")).isEmpty()) {
                            wrong.add(file.getFileName() + ": " + group.get("description").asText() + " / "
                                    + test.get("description").asText());
                        }
                    }
                }
            }
        }
        assertThat(wrong).as("accepted by the quick check but invalid").isEmpty();
        // The suite exercises what the check covers: it must take the quick way for a good share of the cases.
        assertThat(cases).isGreaterThan(2_000);
        assertThat(covered).isGreaterThan(600);
        assertThat(accepted).isGreaterThan(300);
    }

    @Test
    void acceptsValidDataOfTheKeywordsItCovers() {
        Checks order = Checks.of(ORDER);

        assertThat(order.quick).isNotNull();
        assertThat(order.quick.accepts(bytes("{'id':'ord_123','status':'paid','total':12.5,'note':null,"
                + "'tags':[{'any':[1,{}]}],'lines':[{'sku':'A','qty':99}]}"))).isTrue();
        assertThat(order.quick.accepts(bytes("{'id':'ord_123','status':7,'total':1000.5,'note':'ab\\u00e9',"
                + "'lines':[{'sku':'A','x':null},{'sku':'A','qty':1}]}"))).isTrue();
    }

    @Test
    void isUnsureOfWhatItCannotReadExactlyAndTheGeneralValidatorDecides() {
        Checks order = Checks.of(ORDER);
        String valid = "{'id':'ord_123','status':'paid','total':12.5,'lines':[{'sku':'A','qty':%s}]}";

        // 1.0 is an integer to JSON Schema; the check leaves fractions against "integer" to the validator.
        assertThat(order.quick.accepts(bytes(valid.formatted("1.0")))).isFalse();
        assertThat(order.validator.validate(bytes(valid.formatted("1.0")))).isEmpty();
        // A member named twice is one member of the tree (the last): checked both times, counted once.
        assertThat(order.quick.accepts(bytes("{'id':'ord_123','status':'paid','total':12.5,"
                + "'lines':[{'sku':'A','sku':'A'}]}"))).isFalse();
        assertThat(order.quick.accepts(bytes("{'id':'ord_123','status':'paid','total':12.5,'total':'x',"
                + "'lines':[{'sku':'A','qty':1}]}"))).isFalse();
    }

    @Test
    void doesNotCoverKeywordsItDoesNotRead() {
        for (String schema : List.of("{'anyOf':[{'type':'string'},{'type':'integer'}]}", "{'not':{}}",
                "{'properties':{'a':{'format':'email'}},'$schema':'http://json-schema.org/draft-07/schema#'}",
                "{'$defs':{'n':{'properties':{'n':{'$ref':'#/$defs/n'}}}},'$ref':'#/$defs/n'}",
                "{'enum':[1.5]}", "{'uniqueItems':true}", "{'patternProperties':{'^a':{}}}",
                "{'items':[{}],'$schema':'http://json-schema.org/draft-07/schema#'}", "{'x-unknown':1}")) {
            assertThat(Checks.of(json(schema)).quick).as(schema).isNull();
        }
        assertThat(Checks.of(json("{'format':'email','title':'t','$comment':'c'}")).quick).isNotNull();
    }

    @Test
    void inPlaceLeavesTheParserAfterTheValueWhateverTheAnswer() throws IOException {
        Checks order = Checks.of(ORDER);
        for (String data : List.of("{'id':'ord_123','status':'paid','total':1,'lines':[{'sku':'A','qty':1}]}",
                "{'id':'x','deep':{'a':[[{'b':1}]]},'lines':[{'sku':'B','qty':{'z':[1]}}]}", "[1,[2,{'a':3}]]")) {
            byte[] around = bytes("{'data':" + data + ",'after':1}");
            try (JsonParser p = FACTORY.createParser(around)) {
                p.nextToken();
                p.nextToken();
                p.nextToken();
                order.validator.accepts(p);
                assertThat(p.currentToken().isStructEnd()).isTrue();
                assertThat(p.nextToken()).isEqualTo(JsonToken.FIELD_NAME);
                assertThat(p.currentName()).isEqualTo("after");
            }
        }
    }

    @Test
    void aPatternTooCostlyForTheQuickCheckLeavesItToTheValidator() {
        Checks costly = Checks.of(json("{'properties':{'s':{'type':'string','pattern':'^(a|b)*$'}}}"));
        byte[] data = ("{\"s\":\"" + "ab".repeat(200_000) + "c\"}").getBytes(StandardCharsets.UTF_8);

        assertThat(costly.quick.accepts(data)).isFalse();
        assertThat(costly.validator.validate(data)).singleElement().extracting(Violation::keyword).isEqualTo("pattern");
    }

    @Property(tries = 3000)
    void neverAcceptsWhatTheGeneralValidatorRefuses(@ForAll("orders") String data) throws IOException {
        Checks order = Checks.of(ORDER);
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        boolean accepted = order.quick.accepts(bytes);
        if (accepted) {
            assertThat(order.validator.validate(JSON.readTree(bytes))).as(data).isEmpty();
        }
        Statistics.label("accepted").collect(accepted);
        assertThat(order.acceptsInPlace(bytes)).isEqualTo(order.quick.accepts(bytes));
    }

    /** Orders near the schema's edges: mostly valid members, some invalid or absent, some named twice. */
    @Provide
    Arbitrary<String> orders() {
        Arbitrary<String> id = mostly(Arbitraries.of("\"ord_123\""),
                Arbitraries.of("\"ord_12\"", "\"ord_123\\n\"", "\"xord_123\"", "7"));
        Arbitrary<String> status = mostly(Arbitraries.of("\"placed\"", "\"paid\"", "null", "7", "true"),
                Arbitraries.of("7.0", "false", "\"7\"", "{}", "\"Paid\""));
        Arbitrary<String> total = mostly(Arbitraries.of("0.10000000000000001", "0.1000000000000001", "1000.5", "12",
                        "1000.49999999999999999", "1e2"),
                Arbitraries.of("0.1", "0", "1e-320", "1000.5000000000001", "-0.0", "1e400", "\"1\"", "1000.50001"));
        Arbitrary<String> qty = mostly(Arbitraries.of("1", "99", "2"), Arbitraries.of("0", "100", "-1", "1.5",
                "9007199254740993", "100000000000000000000000", "1.0", "99.99999999999999999", "1e1"));
        Arbitrary<String> note = mostly(Arbitraries.of("null", "\"ab\"", "\"abcd\"", "\"\\ud83d\\ude00\""),
                Arbitraries.of("\"a\"", "\"abcde\"", "\"\\ud83d\\ude00\\ud83d\\ude00\\ud83d\\ude00\"", "1", "[]"));
        Arbitrary<String> sku = mostly(Arbitraries.of("\"A\""), Arbitraries.of("\"B\"", "null", "\"a\""));
        Arbitrary<String> line = Combinators.combine(sku, qty, mostly(Arbitraries.of(0), Arbitraries.of(1, 2, 3, 4)))
                .as((s, q, shape) -> switch (shape) {
                    case 0 -> "{\"sku\":" + s + ",\"qty\":" + q + "}";
                    case 1 -> "{\"sku\":" + s + "}";
                    case 2 -> "{\"sku\":" + s + ",\"sku\":" + s + "}";
                    case 3 -> "{\"qty\":" + q + ",\"other\":[" + q + "]}";
                    default -> "{\"sku\":" + s + ",\"qty\":" + q + ",\"qty\":" + q + "}";
                });
        Arbitrary<String> lines = mostly(line.list().ofMinSize(1).ofMaxSize(3), line.list().ofMinSize(0).ofMaxSize(5))
                .map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<String> extra = mostly(Arbitraries.of(""), Arbitraries.of(",\"tags\":[1,{\"a\":null}]", ",\"extra\":1",
                ",\"total\":\"x\"", ",\"id\":\"ord_123\""));
        return Combinators.combine(id, status, total, note, lines, extra, Arbitraries.integers().between(0, 60))
                .as((i, s, t, n, l, more, drop) -> {
                    List<String> members = new ArrayList<>(List.of("\"id\":" + i, "\"status\":" + s,
                            "\"total\":" + t, "\"note\":" + n, "\"lines\":" + l));
                    if (drop < members.size()) {
                        members.remove((int) drop);
                    }
                    return "{" + String.join(",", members) + more + "}";
                });
    }

    /** Valid values nineteen times in twenty, so that many orders are valid but for one member. */
    private static <T> Arbitrary<T> mostly(Arbitrary<T> valid, Arbitrary<T> edge) {
        return Arbitraries.frequencyOf(Tuple.of(19, valid), Tuple.of(1, edge));
    }

    /**
     * A schema compiled both ways: the registry's validator (its tree form is the general validator alone) and the
     * quick check.
     */
    private record Checks(SchemaValidator validator, StreamingCheck quick) {
        static Checks of(String schema) {
            return of(readTree(schema), null).orElseThrow();
        }

        /** Empty for a schema the registry would not take (not an object, remote references, …). */
        static Optional<Checks> of(JsonNode schema, String dialect) {
            if (!schema.isObject()) {
                return Optional.empty();
            }
            ObjectNode root = schema.deepCopy();
            if (dialect != null && !root.has("$schema")) {
                root.put("$schema", dialect);
            }
            SchemaDocument document;
            try {
                document = SchemaDocument.parse(root.toString(), SchemaLimits.DEFAULTS);
                if (!COMPILER.metaSchemaProblems(document).isEmpty() || !document.referenceProblems().isEmpty()) {
                    return Optional.empty();
                }
            } catch (InvalidSchemaException e) {
                return Optional.empty();
            }
            SchemaVersion version = new SchemaVersion(Subject.global("suite"), 1, root.toString(), "-",
                    Instant.EPOCH, null);
            SchemaValidator validator;
            try {
                validator = COMPILER.compile(version, document);
            } catch (InvalidSchemaException e) {
                return Optional.empty();
            }
            StreamingCheck quick = RulesCompiler.compile(document, JDKRegularExpressionFactory.getInstance())
                    .map(rules -> new StreamingCheck(rules, SchemaLimits.DEFAULT_MAX_DATA_DEPTH)).orElse(null);
            return Optional.of(new Checks(validator, quick));
        }

        /** The parser form's answer for {@code data} inside a larger document, as the event codec reads it. */
        boolean acceptsInPlace(byte[] data) {
            byte[] around = ("{\"a\":1,\"data\":" + new String(data, StandardCharsets.UTF_8) + ",\"z\":2}")
                    .getBytes(StandardCharsets.UTF_8);
            try (JsonParser p = FACTORY.createParser(around)) {
                p.nextToken();
                p.nextToken();
                p.nextToken();
                p.nextToken();
                p.nextToken();
                boolean answer = quick.accepts(p);
                if (p.nextToken() != JsonToken.FIELD_NAME || !p.currentName().equals("z")) {
                    throw new AssertionError("the check did not stop at the end of " + new String(data));
                }
                return answer;
            } catch (IOException e) {
                return false; // malformed data: the codec refuses the body before any schema
            }
        }
    }

    private static List<Path> suiteFiles() throws IOException, URISyntaxException {
        Path root = Path.of(StreamingCheckTest.class.getResource("/json-schema-test-suite/README.md").toURI())
                .getParent();
        TreeMap<String, Path> files = new TreeMap<>();
        for (String draft : List.of("draft2020-12", "draft7")) {
            try (Stream<Path> listed = Files.list(root.resolve(draft))) {
                listed.filter(f -> f.toString().endsWith(".json")).forEach(f -> files.put(draft + "/" + f.getFileName(), f));
            }
        }
        return List.copyOf(files.values());
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String singleQuoted) {
        return json(singleQuoted).getBytes(StandardCharsets.UTF_8);
    }
}
