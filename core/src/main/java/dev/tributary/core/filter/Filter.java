package dev.tributary.core.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cloudevents.CloudEvent;

/**
 * A compiled subscription filter: decides whether an event goes to the subscription's sink.
 *
 * <p>{@link #parse(JsonNode, EvaluationErrors)} compiles the {@code filters} array of a subscription as the CloudEvents
 * Subscriptions API defines it. The filters in the array must all hold; an empty or absent array matches every event.
 * Each filter is an object with exactly one dialect key:
 *
 * <ul>
 *   <li>{@code exact}, {@code prefix}, {@code suffix}: an object of attribute name to string; every pair must hold,
 *       compared case-sensitively against the attribute's canonical string form (integers in decimal, booleans as
 *       {@code true}/{@code false}, {@code time} as RFC 3339, URIs as written). An absent attribute never matches.
 *       A key {@code data.<field>[.<field>...]} instead names a member of the event's JSON data (content type absent,
 *       {@code application/json}, {@code text/json} or any {@code +json} subtype); it matches a string, a number
 *       (integers in decimal, other numbers as {@link Double#toString(double)} prints them) or a boolean there, and
 *       nothing else: not other data, not a missing member, not {@code null}, an object or an array.
 *   <li>{@code all}: an array of filters that must all hold ({@code []} holds); {@code any}: an array of which one must
 *       hold ({@code []} does not); {@code not}: one filter that must not hold.
 *   <li>{@code sql} or {@code cesql}: a CESQL v1 expression, parsed once here; it holds only when it evaluates to
 *       boolean {@code TRUE} without error.
 * </ul>
 *
 * <p>Compiled filters are immutable and thread-safe: one instance serves every dispatcher thread. {@link #matches}
 * never throws: an evaluation error (a CESQL error such as a missing attribute, a non-boolean CESQL result, JSON data
 * that does not parse) makes the filter where it happens false (so a {@code not} around it holds), an unexpected
 * exception makes the whole filter false, and both are reported to the {@link EvaluationErrors} given to
 * {@code parse}. Invalid filters are rejected by {@code parse} with an {@link InvalidFilterException} naming
 * the position, e.g. {@code filters[1].all[0].exact}.
 */
public interface Filter {
    /** Whether {@code event} passes. Never throws; see {@link EvaluationErrors} for what happens on errors. */
    boolean matches(CloudEvent event);

    /**
     * The {@code filters} array as the user wrote it (an empty array if it was absent), for showing a subscription
     * back. A fresh copy on each call, so callers may change it.
     */
    JsonNode toJson();

    /** Same as {@link #parse(JsonNode, EvaluationErrors)} with errors that nobody observes. */
    static Filter parse(JsonNode filters) {
        return parse(filters, EvaluationErrors.ignore());
    }

    /**
     * Compiles a subscription's {@code filters}: a JSON array of filter objects, or {@code null}, JSON {@code null} or
     * a missing node for "every event". The input is copied, so later changes to it do not affect the filter.
     *
     * @param errors told about every evaluation error, on the thread that calls {@link #matches}
     * @throws InvalidFilterException if the array or one of its filters is invalid; nothing is compiled
     */
    static Filter parse(JsonNode filters, EvaluationErrors errors) {
        return parse(filters, "filters", errors);
    }

    /**
     * One CESQL expression as a filter (a catch-up subscription's or a read's {@code filter}): it holds when the
     * expression evaluates to {@code TRUE} without error.
     *
     * @throws InvalidFilterException naming {@code filter} when it does not parse or exceeds the limits
     */
    static Filter cesql(String expression) {
        ArrayNode filters = JsonNodeFactory.instance.arrayNode();
        filters.addObject().put("cesql", expression);
        return parse(filters, "filter", EvaluationErrors.ignore());
    }

    /**
     * Like {@link #parse(JsonNode, EvaluationErrors)}, for a filters array that sits elsewhere in a definition: errors
     * and evaluation reports name positions below {@code path}, e.g. {@code delivery.priority[0].when[0].sql}.
     */
    static Filter parse(JsonNode filters, String path, EvaluationErrors errors) {
        return FilterCompiler.compile(filters, path, errors);
    }
}
