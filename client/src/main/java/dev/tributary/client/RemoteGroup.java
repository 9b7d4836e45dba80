package dev.tributary.client;

import dev.tributary.core.eventstore.ConsumerGroup;
import dev.tributary.core.eventstore.GroupSpec;
import dev.tributary.core.eventstore.GroupStats;
import dev.tributary.core.eventstore.LeasedEvent;
import dev.tributary.core.eventstore.ParkedEvent;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A consumer group of a remote node ({@code /v1/buses/{bus}/groups/{group}}): each call is one request on the
 * caller's thread; the node's refusals become the store's exceptions.
 */
final class RemoteGroup implements ConsumerGroup {
    private static final String JSON = "application/json";
    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    private final Transport transport;
    private final RequestPath path;
    private final GroupSpec spec;
    private final Function<RuntimeException, RuntimeException> translate;

    RemoteGroup(Transport transport, RequestPath path, GroupSpec spec,
            Function<RuntimeException, RuntimeException> translate) {
        this.transport = transport;
        this.path = path;
        this.spec = spec;
        this.translate = translate;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public GroupSpec spec() {
        return spec;
    }

    @Override
    public List<LeasedEvent> fetch(String consumer, int max) {
        Objects.requireNonNull(consumer, "consumer");
        return call(() -> transport.post(path.child("fetch").query("consumer", consumer).query("max", max), JSON,
                EMPTY_OBJECT, EventPages::leased));
    }

    @Override
    public void ack(String consumer, List<Long> positions) {
        settle("ack", consumer, positions, null);
    }

    @Override
    public void nack(String consumer, List<Long> positions, String reason) {
        settle("nack", consumer, positions, reason);
    }

    @Override
    public void park(String consumer, List<Long> positions, String reason) {
        settle("park", consumer, positions, reason);
    }

    private void settle(String verb, String consumer, List<Long> positions, String reason) {
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(positions, "positions");
        call(() -> transport.post(path.child(verb), JSON, GroupAnswers.settle(consumer, positions, reason),
                ignored -> null));
    }

    @Override
    public GroupStats stats() {
        return call(() -> transport.get(path, body -> GroupAnswers.stats(Answers.tree(body))));
    }

    @Override
    public List<ParkedEvent> parked(long fromPosition, int limit) {
        return call(() -> transport.get(path.child("parked").query("from", fromPosition).query("limit", limit),
                GroupAnswers::parked));
    }

    @Override
    public int replayParked(List<Long> positions) {
        Objects.requireNonNull(positions, "positions");
        return call(() -> transport.post(path.child("parked").child("replay"), JSON, GroupAnswers.positions(positions),
                body -> GroupAnswers.count(body, "replayed")));
    }

    @Override
    public int dropParked(List<Long> positions) {
        Objects.requireNonNull(positions, "positions");
        return call(() -> transport.post(path.child("parked").child("drop"), JSON, GroupAnswers.positions(positions),
                body -> GroupAnswers.count(body, "dropped")));
    }

    private <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (RuntimeException e) {
            throw translate.apply(e);
        }
    }
}
