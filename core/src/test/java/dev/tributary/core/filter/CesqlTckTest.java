package dev.tributary.core.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.sql.EvaluationException;
import io.cloudevents.sql.EvaluationException.ErrorKind;
import io.cloudevents.sql.Expression;
import io.cloudevents.sql.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The CESQL v1 conformance suite (see {@code cesql-tck/README.md}) against what subscriptions run: every expression
 * compiled by {@link CesqlCompiler} and evaluated with {@link CesqlRuntime}, as the SDK's own suite does with its
 * parser, plus the verdict of the whole {@link Filter}.
 */
class CesqlTckTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] FILES = {
        "binary_math_operators",
        "binary_logical_operators",
        "binary_comparison_operators",
        "case_sensitivity",
        "casting_functions",
        "context_attributes_access",
        "exists_expression",
        "in_expression",
        "integer_builtin_functions",
        "like_expression",
        "literals",
        "negate_operator",
        "not_operator",
        "parse_errors",
        "spec_examples",
        "string_builtin_functions",
        "sub_expression",
        "subscriptions_api_recreations",
    };
    // The SDK suite's event when a case gives none (io.cloudevents.core.test.Data.V1_MIN).
    private static final CloudEvent V1_MIN = CloudEventBuilder.v1()
            .withId("1")
            .withType("mock.test")
            .withSource(URI.create("http://localhost/source"))
            .build();
    private static final Map<String, ErrorKind> ERRORS = Map.of(
            "math", ErrorKind.MATH,
            "cast", ErrorKind.CAST,
            "missingAttribute", ErrorKind.MISSING_ATTRIBUTE,
            "missingFunction", ErrorKind.MISSING_FUNCTION,
            "functionEvaluation", ErrorKind.FUNCTION_EVALUATION);

    @TestFactory
    Stream<DynamicTest> everyCaseOfTheTckPasses() {
        return Stream.of(FILES).flatMap(file -> {
            JsonNode suite = read(file);
            return StreamSupport.stream(suite.get("tests").spliterator(), false)
                    .map(c -> DynamicTest.dynamicTest(
                            suite.get("name").asText() + ": " + c.get("name").asText(), () -> check(c)));
        });
    }

    @TestFactory
    Stream<DynamicTest> theTckIsComplete() {
        long cases = Stream.of(FILES).mapToLong(f -> read(f).get("tests").size()).sum();
        return Stream.of(DynamicTest.dynamicTest("275 cases", () -> assertThat(cases).isEqualTo(275)));
    }

    private static void check(JsonNode c) {
        String expression = c.get("expression").asText();
        String error = c.path("error").asText(null);
        if ("parse".equals(error)) {
            assertThatThrownBy(() -> CesqlCompiler.compile(expression, "sql")).isInstanceOf(InvalidFilterException.class);
            return;
        }
        CloudEvent event = event(c);
        Result result = CesqlCompiler.compile(expression, "sql").evaluate(CesqlRuntime.INSTANCE, event);
        if (c.has("result")) {
            assertThat(result.value()).isEqualTo(JSON.convertValue(c.get("result"), Object.class));
        }
        if (error == null) {
            assertThat(result.causes()).isEmpty();
        } else {
            assertThat(result.causes()).first()
                    .extracting(EvaluationException::getKind)
                    .isEqualTo(ERRORS.get(error));
        }
        boolean matches = error == null && Boolean.TRUE.equals(result.value());
        Filter filter = Filter.parse(JsonNodeFactory.instance.arrayNode().add(
                JsonNodeFactory.instance.objectNode().put("sql", expression)));
        assertThat(filter.matches(event)).isEqualTo(matches);
    }

    private static CloudEvent event(JsonNode c) {
        CloudEventBuilder builder;
        if (c.has("event")) {
            builder = CloudEventBuilder.v1();
            c.get("event").properties().forEach(a -> {
                if (!a.getKey().equals("specversion")) {
                    builder.withContextAttribute(a.getKey(), a.getValue().asText());
                }
            });
        } else {
            builder = CloudEventBuilder.from(V1_MIN);
        }
        c.path("eventOverrides").properties().forEach(a -> {
            JsonNode value = a.getValue();
            if (value.isBoolean()) {
                builder.withContextAttribute(a.getKey(), value.booleanValue());
            } else if (value.isNumber()) {
                builder.withContextAttribute(a.getKey(), value.intValue());
            } else {
                builder.withContextAttribute(a.getKey(), value.asText());
            }
        });
        return builder.build();
    }

    private static JsonNode read(String file) {
        try (InputStream in = CesqlTckTest.class.getResourceAsStream("/cesql-tck/" + file + ".json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(file, e);
        }
    }
}
