package dev.tributary.core.transform;

import static dev.tributary.core.transform.TransformFixtures.data;
import static dev.tributary.core.transform.TransformFixtures.json;
import static dev.tributary.core.transform.TransformFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Runaway expressions fail their event, measured against fake clocks so that no test waits. */
class JsonataBoundsTest {
    private static final InstantSource NOON = InstantSource.fixed(Instant.parse("2026-11-23T12:00:00Z"));

    /** A clock that moves 1 ms each time it is read. */
    private final AtomicLong nanos = new AtomicLong();
    private final Limits small =
            new Limits(Duration.ofMillis(50), 40, 1000, 1000, 200, () -> nanos.addAndGet(1_000_000), NOON);

    private Transform jsonata(String expression, Limits limits) {
        return TransformCompiler.compile(
                JsonNodeFactory.instance.objectNode().put("jsonata", expression), "transform", limits);
    }

    @Test
    void stopsRunawayRecursionAtTheDepthBound() {
        Transform t = jsonata("( $f := function($n) { 1 + $f($n + 1) }; $f(0) )", Limits.DEFAULT);

        assertThatThrownBy(() -> t.apply(order()))
                .isInstanceOf(TransformException.class)
                .hasMessage("transform.jsonata: evaluation nests deeper than 200 levels (runaway recursion?)");
    }

    @Test
    void depthDoesNotGrowWithTheNumberOfItems() {
        // The library's own Timebox counts steps of $map unevenly and fails this at depth 51 with 100 items.
        StringBuilder items = new StringBuilder("{\"items\": [0");
        for (int i = 1; i < 1000; i++) {
            items.append(", ").append(i);
        }
        Limits shallow = new Limits(Duration.ofSeconds(30), 40, 1000, 1000, 100_000, System::nanoTime, NOON);
        Transform t = jsonata("$count($map(data.items, function($i) { { 'n': $i, 'twice': $i * 2 } }))", shallow);

        assertThat(data(t.apply(TransformFixtures.withJsonData(items.append("]}").toString())))).isEqualTo("1000");
    }

    @Test
    void stopsALongLoopAtTheTimeout() {
        Limits roomy = new Limits(Duration.ofMillis(50), 200, 1000, 1_000_000, 200, small.nanoTime(), NOON);
        Transform t = jsonata("$sum([1..100000].($ * 2))", roomy);

        assertThatThrownBy(() -> t.apply(order()))
                .isInstanceOf(TransformException.class)
                .hasMessage("transform.jsonata: evaluation ran longer than 50 ms");
    }

    @Test
    void stopsAStringThatKeepsDoubling() {
        Transform t = jsonata("$reduce([1..40], function($acc, $v) { $acc & $acc }, 'x')", small);

        assertThatThrownBy(() -> t.apply(order()))
                .isInstanceOf(TransformException.class)
                .hasMessage("transform.jsonata: evaluation made a string of 1024 characters, more than 1000");
    }

    @Test
    void refusesAHugePadBeforeAllocatingIt() {
        Transform t = jsonata("$pad('x', 1000000000)", Limits.DEFAULT);

        assertThatThrownBy(() -> t.apply(order()))
                .isInstanceOf(TransformException.class)
                .hasMessage("transform.jsonata: evaluation would make a string of 1000000001 characters, more than "
                        + (16 << 20));
        assertThat(data(jsonata("$pad('ab', -5, '#')", Limits.DEFAULT).apply(order()))).isEqualTo("\"###ab\"");
    }

    @Test
    void stopsAnArrayThatIsTooLong() {
        Limits roomy = new Limits(Duration.ofSeconds(5), 200, 1000, 1000, 1 << 20, System::nanoTime, NOON);
        Transform t = jsonata("[1..2000].($ * 2)", roomy);

        assertThatThrownBy(() -> t.apply(order()))
                .isInstanceOf(TransformException.class)
                .hasMessage("transform.jsonata: evaluation made an array of 2000 items, more than 1000");
    }

    @Test
    void boundsTheSizeOfTheNewData() {
        Limits tiny = new Limits(Duration.ofSeconds(5), 200, 1000, 1000, 20, System::nanoTime, NOON);

        assertThatThrownBy(() -> jsonata("data.items", tiny).apply(order()))
                .isInstanceOf(TransformException.class)
                .hasMessage("transform.jsonata: the result is larger than 20 bytes of JSON");
        assertThat(data(jsonata("data.currency", tiny).apply(order()))).isEqualTo("\"EUR\"");
    }

    @Test
    void nowAndMillisReadTheClockOncePerEvaluation() {
        Transform t = jsonata("{ 'now': $now(), 'again': $now(), 'ms': $millis(), 'year': $now('[Y0001]') }",
                Limits.DEFAULT.withClock(NOON));

        assertThat(json(data(t.apply(order()))))
                .isEqualTo(json("{'now': '2026-11-23T12:00:00.000Z', 'again': '2026-11-23T12:00:00.000Z',"
                        + " 'ms': " + NOON.millis() + ", 'year': '2026'}"));
    }

    @Test
    void aBoundHitInsideAFunctionThatSwallowsErrorsStillFailsTheEvent() {
        // $replace with a function ignores what its callback throws; the budget stays exceeded and is reported.
        Transform t = jsonata("$replace('aaaa', /a/, function($m) { $pad('x', 100000) })", small);

        assertThatThrownBy(() -> t.apply(order()))
                .isInstanceOf(TransformException.class)
                .hasMessageStartingWith("transform.jsonata: evaluation would make a string of 100001 characters");
    }
}
