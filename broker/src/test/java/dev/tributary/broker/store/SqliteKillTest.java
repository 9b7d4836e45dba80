package dev.tributary.broker.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process killed with {@code kill -9} right after a call returned loses nothing that call wrote. */
class SqliteKillTest {
    private static final int KILLED_BY_SIGKILL = 128 + 9;

    @TempDir
    Path dir;

    @Test
    void aRetryScheduledBeforeKillDashNineIsThereAfterReopening() throws Exception {
        Path file = dir.resolve("metadata.db");
        Process victim = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ScheduleAndWaitForKill.class.getName(),
                        file.toString())
                .redirectErrorStream(true)
                .start();
        try {
            String output = CompletableFuture.supplyAsync(() -> readUntilDone(victim))
                    .get(60, TimeUnit.SECONDS);
            assertThat(output).as("output of the victim").endsWith("done");

            victim.destroyForcibly();
            assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(victim.exitValue()).isEqualTo(KILLED_BY_SIGKILL);
        } finally {
            victim.destroyForcibly();
        }

        try (MetadataStore store = MetadataStore.openSqlite(file)) {
            assertThat(store.retries().find(ScheduleAndWaitForKill.SUBSCRIPTION, 3, 1042))
                    .contains(ScheduleAndWaitForKill.RETRY);
            assertThat(store.cursors().get(ScheduleAndWaitForKill.SUBSCRIPTION)).isEqualTo(Map.of(3, 1040L));
        }
    }

    /** Everything the victim printed up to its {@code done} line, or up to its end if it never printed one. */
    private static String readUntilDone(Process victim) {
        StringBuilder output = new StringBuilder();
        try {
            BufferedReader lines =
                    new BufferedReader(new InputStreamReader(victim.getInputStream(), StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.append(output.isEmpty() ? "" : "\n").append(line);
                if (line.equals("done")) {
                    break;
                }
            }
        } catch (IOException e) {
            output.append("\n(").append(e).append(')');
        }
        return output.toString();
    }
}
