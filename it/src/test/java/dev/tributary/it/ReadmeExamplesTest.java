package dev.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every {@code sh} block of the README's Examples section, in order, against a real node process: the curl
 * examples with {@code --fail-with-body} so that any 4xx/5xx fails the test, the CLI examples with the real jar.
 */
class ReadmeExamplesTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    static final Path JAR = ROOT.resolve("server/target/tributary.jar");
    static final Pattern LISTENING = Pattern.compile("listening on http://([^:]+):(\\d+)");

    @TempDir
    static Path data;

    static Process node;
    static int port;

    @BeforeAll
    static void startNode() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        node = new ProcessBuilder(java, "-jar", JAR.toString(), "server", "--port", "0", "--data", data.toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(data.resolveSibling("readme-node.err").toFile()))
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("first line of the node's output").isNotNull();
        Matcher m = LISTENING.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        port = Integer.parseInt(m.group(2));
    }

    @AfterAll
    static void stopNode() throws Exception {
        node.destroy();
        node.waitFor(30, TimeUnit.SECONDS);
    }

    static List<String> exampleBlocks() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String section = readme.substring(readme.indexOf("## Examples"), readme.indexOf("## Configuration"));
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL).matcher(section);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    @Test
    void everyReadmeExampleRunsWithoutError() throws Exception {
        List<String> blocks = exampleBlocks();
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(3);
        String java = ProcessHandle.current().info().command().orElse("java");
        for (String block : blocks) {
            String script = block
                    .replace("localhost:8080", "127.0.0.1:" + port)
                    .replace("curl -s ", "curl -sS --fail-with-body ")
                    .replace("./tributary ", "'" + java + "' -jar '" + JAR + "' ");
            ProcessBuilder bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).redirectErrorStream(true);
            bash.environment().put("TRIBUTARY_URL", "http://127.0.0.1:" + port);
            Process p = bash.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("README block:\n" + block + "\noutput:\n" + output).isZero();
        }
    }
}
