package dev.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node whose data directory sits on a tiny tmpfs: when the disk fills, appends fail with 503 and a problem, the
 * node stays up, acknowledged events stay readable, and appends succeed again once space is freed. Needs root to
 * mount the tmpfs (as on CI); elsewhere it is skipped with the reason. A bus created on the full disk is refused with
 * 503 and leaves nothing behind.
 */
class DiskFullTest {
    static final Pattern LISTENING = Pattern.compile("listening on http://([^:]+):(\\d+)");

    Path mount;
    Process node;

    @AfterEach
    void cleanUp() throws Exception {
        if (node != null) {
            node.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (mount != null) {
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor();
            Files.deleteIfExists(mount);
        }
    }

    @Test
    void failsAppendsWith503WhenTheDiskIsFullAndResumesOnceSpaceReturns() throws Exception {
        mount = Files.createTempDirectory("tributary-full");
        Process mounting = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        boolean mounted = mounting.waitFor(30, TimeUnit.SECONDS) && mounting.exitValue() == 0;
        if (!mounted) {
            Files.deleteIfExists(mount);
            mount = null;
        }
        assumeTrue(mounted, "mounting a tmpfs needs root; skipped here");

        Path filler = mount.resolve("filler");
        Files.write(filler, new byte[1024 * 1024]);
        String java = ProcessHandle.current().info().command().orElse("java");
        Path jar = Path.of(System.getProperty("user.dir")).getParent().resolve("server/target/tributary.jar");
        node = new ProcessBuilder(java, "-jar", jar.toString(), "server", "--port", "0", "--data",
                mount.resolve("data").toString(), "--segment-bytes", "1048576")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String line = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8)).readLine();
        Matcher m = LISTENING.matcher(String.valueOf(line));
        assertThat(m.find()).as(line).isTrue();
        String base = "http://127.0.0.1:" + m.group(2);
        Http.useAdminKey(mount.resolve("data"), Integer.parseInt(m.group(2)));
        HttpClient http = HttpClient.newHttpClient();
        assertThat(post(http, base + "/v1/buses", "application/json", "{\"name\":\"full\"}").statusCode()).isEqualTo(201);

        String data = "x".repeat(16 * 1024);
        List<Integer> acknowledged = new ArrayList<>();
        HttpResponse<String> refused = null;
        for (int i = 0; i < 400 && refused == null; i++) {
            HttpResponse<String> r = post(http, base + "/v1/buses/full/events", "application/cloudevents+json", event(i, data));
            if (r.statusCode() == 200) {
                acknowledged.add(i);
            } else {
                refused = r;
            }
        }
        assertThat(refused).as("the disk never filled").isNotNull();
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("retry-after")).hasValue("10");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/health/live")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(get(http, base + "/health/ready").statusCode()).as("a node that cannot store is not ready")
                .isEqualTo(503);

        // the refused event needed 16 KiB; a bus's first files need less, so take the last few KiB too
        Path rest = mount.resolve("rest");
        fillUp(rest);
        HttpResponse<String> create =
                post(http, base + "/v1/buses", "application/json", "{\"name\":\"late\",\"partitions\":8}");
        assertThat(create.statusCode()).as(create.body()).isEqualTo(503);
        assertThat(create.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(mount.resolve("data/buses/late")).as("nothing of the refused bus is left").doesNotExist();
        assertThat(get(http, base + "/v1/buses/late").statusCode()).isEqualTo(404);

        Files.delete(filler);
        Files.delete(rest);
        assertThat(post(http, base + "/v1/buses", "application/json", "{\"name\":\"late\",\"partitions\":8}")
                .statusCode()).isEqualTo(201);
        HttpResponse<String> resumed =
                post(http, base + "/v1/buses/full/events", "application/cloudevents+json", event(9999, "after"));
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(get(http, base + "/health/ready").statusCode()).isEqualTo(200);

        URI readUri = URI.create(base + "/v1/buses/full/partitions/0/events?from=0&limit=1000");
        HttpResponse<String> read = http.send(Http.authorized(HttpRequest.newBuilder(readUri), readUri)
                .header("accept", "application/x-ndjson").build(), HttpResponse.BodyHandlers.ofString());
        List<String> lines = read.body().lines().toList();
        assertThat(lines).hasSize(acknowledged.size() + 1);
        for (int i = 0; i < acknowledged.size(); i++) {
            assertThat(lines.get(i)).contains("\"id\":\"e-" + acknowledged.get(i) + "\"");
        }
        assertThat(lines.get(lines.size() - 1)).contains("\"id\":\"e-9999\"");
    }

    /** Writes to {@code file} until the file system has no byte left. */
    static void fillUp(Path file) throws IOException {
        try (var out = Files.newOutputStream(file)) {
            byte[] block = new byte[1024];
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            // that is the point
        }
    }

    static String event(int i, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"e-" + i + "\",\"source\":\"/disk\",\"type\":\"t\",\"data\":\"" + data + "\"}";
    }

    static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(Http.authorized(HttpRequest.newBuilder(URI.create(url)), URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(HttpClient http, String url, String type, String body) throws Exception {
        return http.send(Http.authorized(HttpRequest.newBuilder(URI.create(url)), URI.create(url)).header("content-type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
