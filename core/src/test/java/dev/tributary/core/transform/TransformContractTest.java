package dev.tributary.core.transform;

import static dev.tributary.core.transform.TransformFixtures.data;
import static dev.tributary.core.transform.TransformFixtures.json;
import static dev.tributary.core.transform.TransformFixtures.order;
import static dev.tributary.core.transform.TransformFixtures.withJsonData;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TransformContractTest {
    private static final List<String> DEFINITIONS = List.of(
            "{'inputs': {'n': '$.data.n', 'who': '$.data.who'}, 'template': '{\"n\": <n>, \"line\": \"<who> #<n>\"}',"
                    + " 'attributes': {'subject': '$.data.who', 'kind': 'numbered'}}",
            "{'jsonata': \"{ 'n': data.n, 'square': data.n * data.n,"
                    + " 'tags': $map([1..3], function($i) { data.who & $i }), 'upper': $uppercase(data.who) }\","
                    + " 'attributes': {'type': 'squared'}}",
            "{'attributes': {'subject': '$.data.who', 'number': '$.data.n'}}");

    @Test
    void givesTheSameResultsFromFourThreadsAsFromOne() throws Exception {
        for (String definition : DEFINITIONS) {
            Transform t = Transform.parse(json(definition));
            List<CloudEvent> events = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                events.add(withJsonData("{\"n\": " + i + ", \"who\": \"user-" + (i % 7) + "\"}"));
            }
            List<String> expected = events.stream().map(e -> describe(t.apply(e))).toList();

            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<String>>> runs = new ArrayList<>();
                for (int thread = 0; thread < 4; thread++) {
                    runs.add(pool.submit((Callable<List<String>>) () ->
                            events.stream().map(e -> describe(t.apply(e))).toList()));
                }
                for (Future<List<String>> run : runs) {
                    assertThat(run.get(30, TimeUnit.SECONDS)).as(definition).isEqualTo(expected);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void nowIsTheTimeOfEachEvaluationOnEveryThread() throws Exception {
        // The library alone would answer $millis() with the time its per-thread copy of the expression was made.
        AtomicLong millis = new AtomicLong(1_000);
        InstantSource ticking = () -> Instant.ofEpochMilli(millis.addAndGet(1_000));
        Limits limits = new Limits(Duration.ofSeconds(5), 200, 1000, 1000, 1000, System::nanoTime, ticking);
        Transform t = TransformCompiler.compile(json("{'jsonata': '$millis()'}"), "transform", limits);

        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            String first = pool.submit(() -> data(t.apply(order()))).get(30, TimeUnit.SECONDS);
            String second = pool.submit(() -> data(t.apply(order()))).get(30, TimeUnit.SECONDS);
            assertThat(first).isEqualTo("2000");
            assertThat(second).isEqualTo("3000");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void showsTheDefinitionBackAsWrittenAndIsNotChangedByItsInput() {
        ObjectNode member = (ObjectNode) json("{'jsonata': 'data', 'attributes': {'type': 'x'}}");
        Transform t = Transform.parse(member);
        member.put("jsonata", "changed");

        JsonNode shown = t.toJson();
        ((ObjectNode) shown).put("jsonata", "changed again");

        assertThat(t.toJson()).isEqualTo(json("{'jsonata': 'data', 'attributes': {'type': 'x'}}"));
        assertThat(data(t.apply(order()))).startsWith("{\"total\":12.5");
    }

    @Test
    void neverChangesTheInputEvent() {
        CloudEvent in = order();
        String before = in.toString() + data(in);

        Transform.parse(json("{'jsonata': \"data ~> |items|{'qty': 0}|\", 'attributes': {'subject': 'x'}}")).apply(in);

        assertThat(in.toString() + data(in)).isEqualTo(before);
    }

    private static String describe(CloudEvent e) {
        return e.getType() + "|" + e.getSubject() + "|" + e.getExtension("kind") + "|" + e.getExtension("number") + "|"
                + data(e);
    }
}
