package dev.tributary.core.filter;

import static dev.tributary.core.filter.FilterFixtures.event;
import static dev.tributary.core.filter.FilterFixtures.json;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.filter.FilterFixtures.RecordedErrors;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every compiled filter promises: it shows back as written, never throws, and is shared between threads. */
class FilterContractTest {
    private static final String WRITTEN = "[{'exact': {'type': 'order.created'}},"
            + " {'any': [{'sql': \"subject = 'eu'\"}, {'not': {'prefix': {'data.x': 'y'}}}]}]";

    @Test
    void showsFiltersBackAsWritten() {
        assertThat(Filter.parse(json(WRITTEN)).toJson()).isEqualTo(json(WRITTEN));
    }

    @Test
    void isNotChangedByItsInputOrItsOutput() {
        JsonNode input = json("[{'exact': {'type': 'order.created'}}]");
        Filter filter = Filter.parse(input);
        ((ObjectNode) input.get(0).get("exact")).put("type", "changed");
        ((ArrayNode) filter.toJson()).removeAll();

        assertThat(filter.toJson()).isEqualTo(json("[{'exact': {'type': 'order.created'}}]"));
        assertThat(filter.matches(event().build())).isTrue();
    }

    @Test
    void unexpectedExceptionsAreNoMatchAndReported() {
        CloudEventData broken = () -> {
            throw new IllegalStateException("disk gone");
        };
        RecordedErrors errors = new RecordedErrors();
        Filter filter = Filter.parse(json("[{'exact': {'data.a': '1'}}]"), errors);

        assertThat(filter.matches(event().withData("application/json", broken).build())).isFalse();
        assertThat(errors.recorded).containsExactly("filters: java.lang.IllegalStateException: disk gone");
    }

    @Test
    void neverThrowsEvenWhenTheErrorSinkDoes() {
        Filter filter = Filter.parse(json("[{'sql': 'missing = 1'}]"), (event, path, reason) -> {
            throw new IllegalStateException("sink down");
        });
        assertThat(filter.matches(event().build())).isFalse();
        assertThat(filter.matches(null)).isFalse();
    }

    @Test
    void givesTheSameAnswersFromManyThreads() throws Exception {
        Filter filter = Filter.parse(json(WRITTEN));
        List<CloudEvent> events = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            events.add(event().withType(i % 2 == 0 ? "order.created" : "order.paid")
                    .withSubject(i % 3 == 0 ? "eu" : "us")
                    .withData("application/json", ("{\"x\": \"" + (i % 5 == 0 ? "y" : "z") + "\"}").getBytes(UTF_8))
                    .build());
        }
        List<Boolean> expected = events.stream().map(filter::matches).toList();

        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Boolean>>> answers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                answers.add(threads.submit(() -> {
                    List<Boolean> last = null;
                    for (int round = 0; round < 200; round++) {
                        last = events.stream().map(filter::matches).toList();
                    }
                    return last;
                }));
            }
            for (Future<List<Boolean>> answer : answers) {
                assertThat(answer.get()).isEqualTo(expected);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(expected).contains(true, false);
    }
}
