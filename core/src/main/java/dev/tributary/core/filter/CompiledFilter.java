package dev.tributary.core.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.cloudevents.CloudEvent;

/**
 * A {@link Filter} as {@link FilterCompiler} builds it: the root of a tree of {@link Condition}s plus the JSON it came
 * from. The one place where an unexpected exception from the tree (a bug, an SDK surprise, a broken event) or a
 * {@link StackOverflowError} is turned into "no match" for the whole filter (not just the condition that threw, which
 * a {@code not} would turn into a match), so that one bad event cannot stop a dispatcher.
 */
final class CompiledFilter implements Filter {
    private final String path;
    private final Condition root;
    private final boolean readsData;
    private final ArrayNode json;
    private final EvaluationErrors errors;

    CompiledFilter(String path, Condition root, boolean readsData, ArrayNode json, EvaluationErrors errors) {
        this.path = path;
        this.root = root;
        this.readsData = readsData;
        this.json = json;
        this.errors = errors;
    }

    @Override
    public boolean matches(CloudEvent event) {
        try {
            return root.test(event, readsData ? new EventData(event, errors) : null);
        } catch (RuntimeException | StackOverflowError e) {
            // The limits keep the SDK's recursion shallow, but a dispatcher may call in with little stack left.
            try {
                errors.record(event, path, e.toString());
            } catch (RuntimeException ignored) {
                // matches() promises not to throw, even when the error sink does.
            }
            return false;
        }
    }

    @Override
    public JsonNode toJson() {
        return json.deepCopy();
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
