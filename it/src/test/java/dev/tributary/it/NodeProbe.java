package dev.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What a running node process costs and reports: its metrics, its live heap, its OS threads. */
final class NodeProbe {
    private NodeProbe() {}

    /**
     * The sum of the samples of {@code name} in the node's {@code /metrics} whose labels contain {@code label};
     * with an empty label, also the samples without labels. 0 when there are none.
     */
    static double metric(NodeProcess node, String name, String label) throws Exception {
        double value = 0;
        for (String line : Http.get(node.uri("/metrics")).text().split("\n")) {
            boolean labelled = line.startsWith(name + "{") && line.contains(label);
            if (labelled || (label.isEmpty() && line.startsWith(name + " "))) {
                value += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return value;
    }

    /** The node's heap in use, as its metrics say. */
    static long heapUsed(NodeProcess node) throws Exception {
        return (long) metric(node, "jvm_memory_used_bytes", "area=\"heap\"");
    }

    /** The node's heap in use after a full GC ({@code jcmd <pid> GC.run}): what it really holds on to. */
    static long liveHeap(NodeProcess node) throws Exception {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        Process jcmd = new ProcessBuilder(java.resolveSibling("jcmd").toString(), Long.toString(node.pid()), "GC.run")
                .redirectErrorStream(true)
                .start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jcmd.waitFor(60, TimeUnit.SECONDS)).as("jcmd GC.run finished").isTrue();
        assertThat(jcmd.exitValue()).as("jcmd GC.run: " + out).isZero();
        return heapUsed(node);
    }

    /** The node's OS threads (platform threads; virtual threads do not show), from {@code /proc/<pid>/status}. */
    static int osThreads(NodeProcess node) throws Exception {
        Path status = Path.of("/proc", Long.toString(node.pid()), "status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring("Threads:".length()).trim());
            }
        }
        return -1;
    }
}
