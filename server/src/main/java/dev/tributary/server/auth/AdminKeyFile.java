package dev.tributary.server.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * The first admin key of a node, made on its first start with auth on and written to {@value #NAME} in the data
 * directory, readable only by the node's user. The CLI reads it from there for a local node, so the two-command start
 * keeps working; anyone else gets the key from its owner. The token is never logged.
 */
public final class AdminKeyFile {
    public static final String NAME = "admin.key";

    private AdminKeyFile() {}

    /**
     * Makes the first admin key if the node has no key at all.
     *
     * @return the file it was written to, if one was made now
     */
    public static Optional<Path> bootstrap(ApiKeys keys, Path dataDir) {
        if (!keys.none()) {
            return Optional.empty();
        }
        Path file = dataDir.resolve(NAME);
        Path temporary = dataDir.resolve(NAME + ".tmp");
        try {
            Files.deleteIfExists(temporary);
            try {
                Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(temporary);
            }
            ApiKeys.CreatedKey created = keys.create("admin", List.of("admin"), Optional.empty(),
                    RateLimits.NODE_DEFAULTS, new Principal("node", "bootstrap", List.of(Scope.ADMIN)));
            Files.writeString(temporary, created.token().text() + "\n", StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Optional.of(file);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("cannot make the first admin key: " + temporary + " exists", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the first admin key to " + file, e);
        }
    }

    /** The token in a node's key file, if it is there and readable. */
    public static Optional<String> read(Path dataDir) {
        Path file = dataDir.resolve(NAME);
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
