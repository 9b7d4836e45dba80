package dev.tributary.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** JSON that a command reads from a file named by an option, or from stdin for {@code -}. */
final class JsonInput {
    private JsonInput() {}

    /** @throws ParameterException naming the option, if the file cannot be read or is not JSON */
    static JsonNode read(CommandSpec spec, String option, String file, InputStream stdin) {
        String text;
        try {
            text = file.equals("-")
                    ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), option + ": cannot read '" + file + "': " + e.getMessage());
        }
        return parse(spec, option, text);
    }

    static JsonNode parse(CommandSpec spec, String option, String text) {
        try {
            return OutputFormat.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), option + ": not valid JSON: " + e.getMessage());
        }
    }
}
