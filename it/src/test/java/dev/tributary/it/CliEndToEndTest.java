package dev.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the CLI as a user would — the real jar in its own process — against a real node. */
class CliEndToEndTest {
    @TempDir
    static Path data;

    static NodeProcess node;

    @BeforeAll
    static void startNode() throws Exception {
        node = NodeProcess.start(data, "cli-e2e");
    }

    @AfterAll
    static void stopNode() throws Exception {
        node.close();
    }

    record Run(int exit, String out, String err) {}

    static Run cli(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-jar", NodeProcess.JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("TRIBUTARY_URL", node.base().toString());
        // no token given: for a node on this machine the CLI reads the admin key from the node's data directory
        builder.environment().remove("TRIBUTARY_TOKEN");
        builder.environment().put("TRIBUTARY_DATA", data.toString());
        Process p = builder.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void publishesNdjsonFromStdinInBatchesAndReadsItBack() throws Exception {
        assertThat(cli(null, "bus", "create", "cli-orders", "--partitions", "1").exit()).isZero();
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            ndjson.append("{\"specversion\":\"1.0\",\"id\":\"n").append(i)
                    .append("\",\"source\":\"/cli\",\"type\":\"t\",\"data\":{\"i\":").append(i).append("}}\n");
        }
        Run published = cli(ndjson.toString(), "publish", "cli-orders", "--file", "-", "--batch-size", "10", "--quiet");
        assertThat(published.exit()).as(published.err()).isZero();

        Run read = cli(null, "read", "cli-orders", "--partition", "0", "--from", "0", "--limit", "100");
        assertThat(read.exit()).as(read.err()).isZero();
        List<String> lines = read.out().lines().toList();
        assertThat(lines).hasSize(25);
        assertThat(lines.get(24)).contains("\"id\":\"n24\"").contains("\"i\":24");
    }

    @Test
    void appendsToAStreamAndReportsAConflictWithExitCode1() throws Exception {
        cli(null, "bus", "create", "cli-streams");
        Run first = cli(null, "publish", "cli-streams", "--type", "t", "--source", "/s", "--stream", "s-1",
                "--expected-version", "no_stream");
        assertThat(first.exit()).as(first.err()).isZero();
        Run conflict = cli(null, "publish", "cli-streams", "--type", "t", "--source", "/s", "--stream", "s-1",
                "--expected-version", "no_stream");
        assertThat(conflict.exit()).isEqualTo(1);
        assertThat(conflict.err()).contains("current version is 0");
    }

    @Test
    void exitsWithShellFriendlyCodes() throws Exception {
        Run unknownBus = cli(null, "bus", "describe", "no-such-bus");
        assertThat(unknownBus.exit()).isEqualTo(1);
        assertThat(unknownBus.err()).contains("no-such-bus");
        assertThat(cli(null, "bus", "create").exit()).isEqualTo(2);
        assertThat(cli(null, "publish", "x", "--frobnicate").exit()).isEqualTo(2);
        Run unreachable = cli(null, "bus", "list", "--url", "http://127.0.0.1:1");
        assertThat(unreachable.exit()).isEqualTo(3);
        assertThat(unreachable.err()).contains("127.0.0.1:1");
        Run help = cli(null, "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("publish").contains("tail");
    }
}
