package dev.tributary.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The credential the tools send to the node under test: {@code $TRIBUTARY_TOKEN} (bench/run.sh sets it from the admin
 * key each node writes on its first start), or the key in a data directory the tool started a node on.
 */
final class Credentials {
    private Credentials() {}

    /** The {@code Authorization} header value, if there is a token to send. */
    static Optional<String> fromEnvironment() {
        String token = System.getenv("TRIBUTARY_TOKEN");
        return token == null || token.isBlank() ? Optional.empty() : Optional.of("Bearer " + token.strip());
    }

    /** The {@code Authorization} header value for the node that keeps its data in {@code data}, if it made a key. */
    static Optional<String> fromDataDir(Path data) throws IOException {
        Path key = data.resolve("admin.key");
        return Files.exists(key) ? Optional.of("Bearer " + Files.readString(key).strip()) : Optional.empty();
    }
}
