package dev.tributary.core.transform;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Jsonata.Fn0;
import com.dashjoin.jsonata.Jsonata.Fn2;
import com.dashjoin.jsonata.Jsonata.Fn3;
import com.dashjoin.jsonata.Jsonata.Frame;
import java.nio.charset.StandardCharsets;

/**
 * A JSONata expression compiled once with {@code com.dashjoin:jsonata} (the reference implementation's Java port) and
 * evaluated over the event as structured JSON ({@link EventDocument}); its result is the new data.
 *
 * <p>The result is written as JSON, or, when the transform sets a non-JSON {@code datacontenttype}, must be a string
 * whose UTF-8 becomes the data. A result that is undefined (the expression selected nothing), a function, or not
 * JSON fails the event, as does any JSONata error; every evaluation runs within an {@link EvaluationBudget}.
 *
 * <p>Thread-safe: the library keeps per-evaluation state in a fresh binding frame and per-thread copies of the
 * compiled expression. Two of its functions would read state of the wrong thread: {@code $now()} and {@code $millis()}
 * return the time its per-thread copy was made, so each evaluation binds its own, reading {@link Limits#clock()} once
 * (JSONata gives one time per evaluation). {@code $pad} is bound to a version that checks the width before it
 * allocates.
 */
final class JsonataExpression implements DataStage {
    static final int MAX_CHARS = 64 * 1024;
    private static final String NOW_SIGNATURE = "<s?s?:s>";
    private static final String MILLIS_SIGNATURE = "<:n>";
    private static final String PAD_SIGNATURE = "<s-ns?:s>";

    private final Jsonata expression;
    private final String text;
    private final String path;
    private final boolean textResult;
    private final Limits limits;

    private JsonataExpression(Jsonata expression, String text, String path, boolean textResult, Limits limits) {
        this.expression = expression;
        this.text = text;
        this.path = path;
        this.textResult = textResult;
        this.limits = limits;
    }

    /**
     * Compiles {@code text}.
     *
     * @param path where it sits, e.g. {@code transform.jsonata}
     * @param textResult whether the result must be a string that becomes text data (else it is written as JSON)
     * @throws InvalidTransformException if it is empty, too long, or not JSONata
     */
    static JsonataExpression compile(String text, String path, boolean textResult, Limits limits) {
        if (text.isBlank()) {
            throw new InvalidTransformException(path, "must not be empty");
        }
        if (text.length() > MAX_CHARS) {
            throw new InvalidTransformException(path, "is longer than " + MAX_CHARS + " characters");
        }
        Jsonata compiled;
        try {
            compiled = Jsonata.jsonata(text);
        } catch (JException e) {
            throw new InvalidTransformException(path, "syntax error" + at(text, e.getLocation()) + ": " + e.getMessage()
                    + " (" + e.getError() + ")");
        } catch (StackOverflowError e) {
            throw new InvalidTransformException(path, "nests too deeply to compile");
        } catch (RuntimeException e) {
            throw new InvalidTransformException(path, "cannot be compiled: " + e);
        }
        // Settings are written once here, before the expression is shared; evaluation only reads them.
        compiled.setValidateInput(false); // the input is built from Jackson trees, JSON by construction
        compiled.setOutputConvertNulls(false); // keeps JSON null (NULL_VALUE) apart from undefined (Java null)
        return new JsonataExpression(compiled, text, path, textResult, limits);
    }

    /** {@code " at line:column"} for a character offset into {@code text}, or {@code ""} if it is unknown. */
    static String at(String text, int offset) {
        if (offset < 0) {
            return "";
        }
        int end = Math.min(offset, text.length());
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return " at " + line + ":" + Math.max(1, end - lineStart);
    }

    @Override
    public byte[] produce(EventDocument event) {
        Object result = evaluate(JsonataValues.toJava(event.tree()));
        if (result == null) {
            throw new TransformException(path + ": the expression has no result for this event (it selected nothing)");
        }
        if (!textResult) {
            return JsonataValues.toJson(result, path, limits.maxOutputBytes());
        }
        if (!(result instanceof String s)) {
            throw new TransformException(path + ": the transform sets a text datacontenttype, so the result must be a "
                    + "string, was " + JsonataValues.describe(result));
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > limits.maxOutputBytes()) {
            throw new TransformException(path + ": the result is larger than " + limits.maxOutputBytes() + " bytes");
        }
        return bytes;
    }

    /** Evaluates over {@code input} within a fresh budget; JSONata undefined is {@code null}. */
    Object evaluate(Object input) {
        EvaluationBudget budget = new EvaluationBudget(path, limits);
        Frame frame = expression.createFrame();
        budget.install(frame);
        bindFunctions(frame, budget, limits.clock().millis());
        Object result;
        try {
            result = expression.evaluate(input, frame);
        } catch (RuntimeException | StackOverflowError e) {
            // A bound that was hit is the cause of whatever followed, even where the library swallowed it.
            budget.checkNotExceeded(e);
            throw switch (e) {
                case JException j -> new TransformException(
                        path + ": error " + j.getError() + at(text, j.getLocation()) + ": " + j.getMessage(), j);
                // Deep structures in the input can recurse in library code that no step hook sees.
                case StackOverflowError overflow -> new TransformException(
                        path + ": evaluation overflowed the thread's stack");
                default -> new TransformException(path + ": evaluation failed: " + e, e);
            };
        }
        budget.checkNotExceeded(null);
        return result;
    }

    private void bindFunctions(Frame frame, EvaluationBudget budget, long now) {
        Fn2<String, String, String> nowFunction = (picture, zone) -> Functions.dateTimeFromMillis(now, picture, zone);
        frame.bind("now", Jsonata.function("now", nowFunction, NOW_SIGNATURE));
        frame.bind("millis", Jsonata.function("millis", (Fn0<Long>) () -> now, MILLIS_SIGNATURE));
        frame.bind("pad", Jsonata.function("pad", (Fn3<String, Number, String, String>) (s, width, pad) -> {
            if (s != null && width != null) {
                budget.checkString(s.length() + Math.abs(width.longValue()));
            }
            return Functions.pad(s, width, pad);
        }, PAD_SIGNATURE));
    }
}
