package dev.tributary.broker.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * The changes found between an old and a new schema that may break events, each marked with the directions it breaks:
 * backward (an event valid under the old schema may fail the new one) or forward (the reverse). A view made by
 * {@link #onlyBackward()} or {@link #onlyForward()} keeps only the changes of one direction, for a comparison that
 * matters one way only. At most {@value #MAX} changes are kept. Not thread-safe: one comparison owns it.
 */
final class Changes {
    /** Enough to explain any refusal; a schema rewritten from scratch would otherwise list hundreds. */
    static final int MAX = 100;

    /** One change, at a place in the new schema. */
    record Change(String pointer, String message, boolean breaksBackward, boolean breaksForward) {}

    private final List<Change> found;
    private final boolean keepBackward;
    private final boolean keepForward;

    Changes() {
        this(new ArrayList<>(), true, true);
    }

    private Changes(List<Change> found, boolean keepBackward, boolean keepForward) {
        this.found = found;
        this.keepBackward = keepBackward;
        this.keepForward = keepForward;
    }

    Changes onlyBackward() {
        return new Changes(found, keepBackward, false);
    }

    Changes onlyForward() {
        return new Changes(found, false, keepForward);
    }

    /** Which directions this view keeps, for a comparison to know whether it was made already. */
    String scope() {
        return (keepBackward ? "b" : "") + (keepForward ? "f" : "");
    }

    /** Events valid under the old schema may fail the new one. */
    void backward(Place place, String message) {
        add(place, message, true, false);
    }

    /** Events valid under the new schema may fail the old one. */
    void forward(Place place, String message) {
        add(place, message, false, true);
    }

    void both(Place place, String message) {
        add(place, message, true, true);
    }

    List<Change> list() {
        return List.copyOf(found);
    }

    private void add(Place place, String message, boolean backward, boolean forward) {
        boolean keptBackward = backward && keepBackward;
        boolean keptForward = forward && keepForward;
        if ((keptBackward || keptForward) && found.size() < MAX) {
            found.add(new Change(place.pointer(), message, keptBackward, keptForward));
        }
    }
}
