package dev.tributary.core.eventstore;

import dev.tributary.core.Names;

/**
 * What a catch-up subscription to a bus's global order delivers: all of it, the streams of one category or the
 * events of one type, and of those only the ones a CESQL filter holds for (evaluated by the store, so the events it
 * leaves out never travel). Checkpoints are global positions whatever the selection.
 *
 * @param kind all, a category or a type
 * @param value the category or type; null for all
 * @param filter a CESQL expression (such as {@code data.total > 100 AND source LIKE '/shop%'}), or null for none
 */
public record Selection(Kind kind, String value, String filter) {
    public enum Kind {
        ALL,
        CATEGORY,
        EVENT_TYPE
    }

    public Selection {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        switch (kind) {
            case ALL -> {
                if (value != null) {
                    throw new IllegalArgumentException("a selection of all events takes no value");
                }
            }
            case CATEGORY -> Names.requireCategory(value);
            case EVENT_TYPE -> Names.requireEventType(value);
        }
        if (filter != null && filter.isBlank()) {
            throw new IllegalArgumentException("filter must be a CESQL expression or null, was blank");
        }
    }

    public static Selection all() {
        return new Selection(Kind.ALL, null, null);
    }

    public static Selection category(String category) {
        return new Selection(Kind.CATEGORY, category, null);
    }

    public static Selection eventType(String type) {
        return new Selection(Kind.EVENT_TYPE, type, null);
    }

    /** This selection, keeping only the events {@code cesql} holds for. */
    public Selection withFilter(String cesql) {
        return new Selection(kind, value, cesql);
    }
}
