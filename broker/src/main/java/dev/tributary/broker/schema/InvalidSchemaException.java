package dev.tributary.broker.schema;

import java.util.List;

/**
 * A schema was refused before it was compared with anything: it is not JSON, not a JSON object, too large or too deep,
 * not valid against its meta-schema, of an unsupported dialect, or it refers to something outside itself. Each problem
 * names the JSON pointer inside the schema where it is. Nothing was registered.
 */
public class InvalidSchemaException extends IllegalArgumentException {
    private static final int SHOWN = 10;

    private final List<String> problems;

    public InvalidSchemaException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidSchemaException(String problem) {
        this(List.of(problem));
    }

    /** What is wrong, one entry a problem, each starting with where it is: {@code /properties/a/type: …}. */
    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        String shown = String.join("; ", problems.subList(0, Math.min(SHOWN, problems.size())));
        return "schema is invalid: " + shown + (problems.size() > SHOWN ? "; and " + (problems.size() - SHOWN)
                + " more" : "");
    }
}
