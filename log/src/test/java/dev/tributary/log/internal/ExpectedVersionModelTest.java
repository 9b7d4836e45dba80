package dev.tributary.log.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.core.eventstore.WrongExpectedVersionException;
import dev.tributary.log.StreamAppendResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random sequences of stream appends against a map of stream → version. */
class ExpectedVersionModelTest {

    record Op(String stream, ExpectedVersion expected, int events) {}

    @Property(tries = 40)
    void streamAppendsFollowTheModel(@ForAll("ops") List<Op> ops) throws Exception {
        Path dir = Files.createTempDirectory("evmodel");
        Map<String, Long> model = new HashMap<>();
        try (FileBusLog log = LogFixture.open(dir, LogFixture.config(2), new MutableClock(LogFixture.T0))) {
            int n = 0;
            for (Op op : ops) {
                long current = model.getOrDefault(op.stream(), -1L);
                String prefix = "e" + n++;
                try {
                    StreamAppendResult r = log.appendToStream(
                                    op.stream(), op.expected(), Events.batch(prefix, op.events()))
                            .get(5, TimeUnit.SECONDS);
                    assertThat(op.expected().isMetBy(current)).as("accepted %s at %d", op, current).isTrue();
                    assertThat(r.firstVersion()).isEqualTo(current + 1);
                    assertThat(r.currentVersion()).isEqualTo(current + op.events());
                    model.put(op.stream(), current + op.events());
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(WrongExpectedVersionException.class);
                    assertThat(op.expected().isMetBy(current)).as("rejected %s at %d", op, current).isFalse();
                    assertThat(((WrongExpectedVersionException) e.getCause()).currentVersion()).isEqualTo(current);
                }
            }
            for (Map.Entry<String, Long> e : model.entrySet()) {
                assertThat(log.streamVersion(e.getKey())).isEqualTo(e.getValue());
                assertThat(log.readStream(e.getKey(), 0, true, 1000).events()).hasSize((int) (e.getValue() + 1));
            }
        } finally {
            deleteRecursively(dir);
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<ExpectedVersion> expected = Arbitraries.oneOf(
                Arbitraries.just(ExpectedVersion.any()),
                Arbitraries.just(ExpectedVersion.noStream()),
                Arbitraries.just(ExpectedVersion.exists()),
                Arbitraries.longs().between(0, 6).map(ExpectedVersion::exactly));
        return Combinators.combine(Arbitraries.of("a", "b", "c"), expected, Arbitraries.integers().between(1, 3))
                .as(Op::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(25);
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
