package dev.tributary.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The measurements of a bench run, one per line: {@code <run>\t<metric>\t<value>}, appended by each tool and read by
 * {@link ResultsReport}.
 *
 * <p>Appends are whole lines written in one call; tools that share a file run one after another.
 */
final class ResultsFile {
    private final Path file;
    private final int run;

    ResultsFile(Path file, int run) {
        this.file = file;
        this.run = run;
    }

    void put(String metric, double value) {
        String line = String.format(Locale.ROOT, "%d\t%s\t%.6f%n", run, metric, value);
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }
}
