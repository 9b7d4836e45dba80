package dev.tributary.server.http;

import dev.tributary.broker.Bus;
import dev.tributary.server.auth.Principal;
import dev.tributary.server.auth.RateLimitedException;
import dev.tributary.server.auth.RateLimiter;
import dev.tributary.core.DataReader;
import io.cloudevents.CloudEvent;
import java.util.List;
import java.util.Optional;

/**
 * What every way in checks of a request's events before they are appended, whichever API they came by: the caller's
 * events per second, then the bus's schemas. Thread-safe.
 */
public final class IngestChecks {
    private final RateLimiter rates;
    private final SchemaCheck schemas;

    public IngestChecks(RateLimiter rates, SchemaCheck schemas) {
        this.rates = rates;
        this.schemas = schemas;
    }

    /**
     * @param caller who sends them, if anyone authenticated (a hook's provider is not rate-limited as a caller)
     * @param batch whether fields name events by index ({@code [3].data/total})
     * @throws RuntimeException {@link RateLimitedException} (429) or a schema violation (400); nothing is appended
     */
    public void check(Optional<Principal> caller, Bus bus, List<CloudEvent> events, boolean batch) {
        check(caller, bus, events, batch, DataReader.SKIP);
    }

    /**
     * As {@link #check(Optional, Bus, List, boolean)}, for events decoded with {@link #reader}: data it found valid
     * is not read again.
     */
    void check(Optional<Principal> caller, Bus bus, List<CloudEvent> events, boolean batch, DataReader decodedWith) {
        caller.flatMap(p -> rates.events(p, events.size())).ifPresent(wait -> {
            throw new RateLimitedException("events", wait);
        });
        schemas.check(bus, events, batch, decodedWith);
    }

    /** The reader to decode a body for {@code bus} with, so that its data is validated in the same pass. */
    DataReader reader(Bus bus) {
        return schemas.reader(bus);
    }

    SchemaCheck schemas() {
        return schemas;
    }
}
