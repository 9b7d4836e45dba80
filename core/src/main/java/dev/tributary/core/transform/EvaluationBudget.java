package dev.tributary.core.transform;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata.Frame;
import java.util.List;
import java.util.Map;

/**
 * The bounds of one JSONata evaluation ({@link Limits}), enforced from the library's evaluation hooks: every step
 * (each sub-expression evaluated) checks the deadline and the nesting depth on entry, and the size of what it
 * produced on exit. The library's own {@code Timebox} does not serve: it skips steps of "parallel" calls on entry and
 * exit alike, but the flag can change in between, so its depth drifts with the input's size.
 *
 * <p>Exceeding a bound throws {@link Exceeded}, a {@link JException} so that the library passes it through rather than
 * replacing it with a generic error. A few library functions swallow exceptions from callbacks (e.g. {@code $replace}
 * with a function); so a budget, once exceeded, stays exceeded: the next step throws again and
 * {@link #checkNotExceeded} reports it after the evaluation. One per evaluation, on the evaluating thread.
 */
final class EvaluationBudget {
    private final String path;
    private final Limits limits;
    private final long deadline;
    private int depth;
    private String exceeded;

    EvaluationBudget(String path, Limits limits) {
        this.path = path;
        this.limits = limits;
        this.deadline = limits.nanoTime().getAsLong() + limits.timeout().toNanos();
    }

    /** Hooks this budget into {@code frame}, the bindings of one evaluation. */
    void install(Frame frame) {
        frame.setEvaluateEntryCallback((expr, input, environment) -> enter());
        frame.setEvaluateExitCallback((expr, input, environment, result) -> exit(result));
    }

    private void enter() {
        if (exceeded != null) {
            throw new Exceeded(exceeded);
        }
        depth++;
        if (depth > limits.maxDepth()) {
            fail("nests deeper than " + limits.maxDepth() + " levels (runaway recursion?)");
        }
        if (limits.nanoTime().getAsLong() - deadline > 0) {
            fail("ran longer than " + limits.timeout().toMillis() + " ms");
        }
    }

    private void exit(Object result) {
        if (exceeded != null) {
            throw new Exceeded(exceeded);
        }
        depth--;
        switch (result) {
            case String s when s.length() > limits.maxStringChars() ->
                fail("made a string of " + s.length() + " characters, more than " + limits.maxStringChars());
            case List<?> l when l.size() > limits.maxItems() ->
                fail("made an array of " + l.size() + " items, more than " + limits.maxItems());
            case Map<?, ?> m when m.size() > limits.maxItems() ->
                fail("made an object of " + m.size() + " members, more than " + limits.maxItems());
            case null, default -> {}
        }
    }

    /** Fails if a string of {@code chars} characters is more than a step may make; for functions that allocate. */
    void checkString(long chars) {
        if (chars > limits.maxStringChars()) {
            fail("would make a string of " + chars + " characters, more than " + limits.maxStringChars());
        }
    }

    private void fail(String why) {
        exceeded = path + ": evaluation " + why;
        throw new Exceeded(exceeded);
    }

    /**
     * Throws the failure if the budget was exceeded: after an evaluation returned, or failed with {@code cause} (which
     * may be a consequence).
     */
    void checkNotExceeded(Throwable cause) {
        if (exceeded != null) {
            throw new TransformException(exceeded, cause);
        }
    }

    /** A bound was exceeded; {@link #getMessage()} is the reason. */
    static final class Exceeded extends JException {
        private static final long serialVersionUID = 1L;
        private final String reason;

        Exceeded(String reason) {
            super("U1001", -1);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }

        @Override
        public String getMessage() {
            return reason;
        }
    }
}
