package dev.tributary.core.filter;

import static dev.tributary.core.filter.FilterFixtures.event;
import static dev.tributary.core.filter.FilterFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.filter.FilterFixtures.RecordedErrors;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/**
 * One evaluation costs at most the size of the filter times the size of the event, and whatever goes wrong inside
 * it, the SDK included, ends as "no match" and a reported error, never as an exception out of {@link Filter#matches}.
 */
class EvaluationBoundsTest {
    private static final int MAX = CesqlLimits.MAX_STRING_LENGTH;
    private final RecordedErrors errors = new RecordedErrors();

    private Filter sql(String expression) {
        return Filter.parse(json("[{'sql': \"" + expression + "\"}]"), errors);
    }

    @Test
    void concatLongerThanTheLimitIsAnEvaluationErrorAndNoMatch() {
        CloudEvent event = event().withSubject("x".repeat(MAX / 2 + 1)).build();
        assertThat(sql("LENGTH(CONCAT(subject, subject)) > 0").matches(event)).isFalse();
        assertThat(errors.recorded).singleElement().asString()
                .startsWith("filters[0].sql: FUNCTION_EVALUATION")
                .contains("CONCAT", "more than 1048576");
    }

    @Test
    void nestedConcatCannotMultiplyAnAttribute() {
        // Without the bound this builds 2^20 copies of the subject: 256 GiB from a 256 KiB attribute.
        String doubled = "subject";
        for (int i = 0; i < 20; i++) {
            doubled = "CONCAT(" + doubled + ", " + doubled + ")";
        }
        doubled = "CONCAT(subject, subject)";
        String quadrupled = "CONCAT(" + doubled + ", " + doubled + ", " + doubled + ", " + doubled + ")";
        CloudEvent event = event().withSubject("x".repeat(MAX / 4)).build();
        assertThat(sql("LENGTH(" + quadrupled + ") > 0").matches(event)).isFalse();
        assertThat(errors.recorded).singleElement().asString().contains("CONCAT");
    }

    @Test
    void concatWsCountsItsSeparators() {
        CloudEvent event = event().withSubject("x".repeat(MAX / 4)).build();
        assertThat(sql("LENGTH(CONCAT_WS(subject, 'a', 'b', 'c', 'd', 'e')) > 0").matches(event)).isFalse();
        assertThat(errors.recorded).singleElement().asString().contains("CONCAT_WS");
    }

    @Test
    void concatWithinTheLimitStillWorks() {
        CloudEvent event = event().withSubject("x".repeat(MAX / 2)).build();
        assertThat(sql("LENGTH(CONCAT(subject, subject)) = " + MAX).matches(event)).isTrue();
        assertThat(sql("CONCAT_WS('-', 'a', 'b', 'c') = 'a-b-c'").matches(event)).isTrue();
        assertThat(sql("CONCAT_WS('-', 'a') = 'a'").matches(event)).isTrue();
        assertThat(errors.recorded).isEmpty();
    }

    @Test
    void stackOverflowWhileReadingDataIsNoMatchAndReported() {
        CloudEventData deep = () -> {
            throw new StackOverflowError();
        };
        Filter filter = Filter.parse(json("[{'exact': {'data.a': '1'}}]"), errors);
        assertThat(filter.matches(event().withData("application/json", deep).build())).isFalse();
        assertThat(errors.recorded).containsExactly("filters: java.lang.StackOverflowError");
    }

    @Test
    void errorsThatTheSdkThrowsDuringCesqlAreNoMatchAndReported() {
        Filter filter = Filter.parse(json("[{'not': {'sql': \"subject LIKE 'a%'\"}}]"), errors);
        assertThat(filter.matches(throwingOnSubject(new StackOverflowError()))).isFalse();
        assertThat(filter.matches(throwingOnSubject(new IllegalStateException("broken")))).isFalse();
        assertThat(errors.recorded).containsExactly(
                "filters: java.lang.StackOverflowError", "filters: java.lang.IllegalStateException: broken");
    }

    /** An event whose subject cannot be read, which the SDK's attribute access does not expect. */
    private static CloudEvent throwingOnSubject(Throwable failure) {
        CloudEvent real = event().withSubject("a").build();
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("getSubject")
                    || (method.getName().equals("getAttribute") && "subject".equals(args[0]))) {
                throw failure;
            }
            return method.invoke(real, args);
        };
        return (CloudEvent) Proxy.newProxyInstance(
                CloudEvent.class.getClassLoader(), new Class<?>[] {CloudEvent.class}, handler);
    }
}
