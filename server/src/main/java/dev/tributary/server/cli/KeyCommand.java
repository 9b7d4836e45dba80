package dev.tributary.server.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tributary key create|list|revoke}: the node's API keys (scope {@code keys}). */
@Command(
        name = "key",
        mixinStandardHelpOptions = true,
        description = "Makes, lists and revokes API keys.",
        subcommands = {KeyCommand.Create.class, KeyCommand.ListKeys.class, KeyCommand.Revoke.class})
final class KeyCommand implements Runnable {
    private static final Pattern KEY_ID = Pattern.compile("[a-z2-7]{12}");

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: create, list or revoke");
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Makes a key and prints it with its token; the token is shown only this once.")
    static final class Create implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "NAME", description = "1-64 characters a-z 0-9 . _ -, starting with a letter or digit.")
        String name;

        @Option(names = "--scope", paramLabel = "SCOPE", required = true,
                description = "A scope, repeatable: admin, keys, schemas, hooks, metrics, publish:BUS, read:BUS,"
                        + " subscribe:BUS (BUS may use * for any run, e.g. orders-* or *).")
        List<String> scopes;

        @Option(names = "--expires-at", paramLabel = "TIME", description = "When the key stops working (RFC 3339).")
        String expiresAt;

        @Option(names = "--output", paramLabel = "json|ndjson", description = "Output format (default json).")
        OutputFormat output = OutputFormat.json;

        @Override
        public void run() {
            ObjectNode body = OutputFormat.MAPPER.createObjectNode();
            body.put("name", name);
            ArrayNode list = body.putArray("scopes");
            scopes.forEach(list::add);
            if (expiresAt != null) {
                try {
                    Instant.parse(expiresAt);
                } catch (DateTimeParseException e) {
                    throw new ParameterException(spec.commandLine(),
                            "--expires-at: must be an RFC 3339 time such as 2027-01-31T00:00:00Z, was '" + expiresAt + "'");
                }
                body.put("expiresAt", expiresAt);
            }
            byte[] json = body.toString().getBytes(StandardCharsets.UTF_8);
            output.print(client.client().post("/v1/keys", "application/json", json), CliContext.of(spec).out());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the keys (never their tokens).")
    static final class ListKeys implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions client;

        @Option(names = "--output", paramLabel = "json|ndjson", description = "json (default) or ndjson: one key per line.")
        OutputFormat output = OutputFormat.json;

        @Override
        public void run() {
            output.printItems(client.client().get("/v1/keys"), "keys", CliContext.of(spec).out());
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes a key; it stops working at once.")
    static final class Revoke implements Runnable {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ID", description = "The key's id (12 characters, as key list shows).")
        String id;

        @Override
        public void run() {
            if (!KEY_ID.matcher(id).matches()) {
                throw new ParameterException(spec.commandLine(), "ID: a key id is 12 characters a-z 2-7, was '" + id + "'");
            }
            client.client().delete("/v1/keys/" + id);
        }
    }
}
