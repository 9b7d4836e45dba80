package dev.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
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
 * Runs every {@code sh} block of the README's Examples section, command by command and in order, against a real node
 * process (the CLI examples with the real jar), and checks each answer against the {@code # →} lines under its command.
 * A command without such lines runs with {@code curl --fail-with-body}, so that any 4xx/5xx fails the test.
 */
class ReadmeExamplesTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    static final Path JAR = ROOT.resolve("server/target/tributary.jar");
    static final Pattern LISTENING = Pattern.compile("listening on http://([^:]+):(\\d+)");
    static final Pattern GRPC = Pattern.compile("gRPC API on ([^:]+):(\\d+)");
    /** The README's second node, on HTTPS: its ports are replaced by free ones. */
    static final String TLS_PORT = "8443";
    static final String TLS_GRPC_PORT = "8444";

    /** The user's working directory: the node keeps its data in {@code data/} under it, as the quick start does. */
    @TempDir
    static Path home;

    static Path data;

    static Process node;
    static int port;
    static int grpcPort;
    /** What the README starts in the background ({@code … &}), stopped after the test. */
    static final List<Process> background = new ArrayList<>();

    @BeforeAll
    static void startNode() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        data = home.resolve("data");
        node = new ProcessBuilder(java, "-jar", JAR.toString(), "server", "--port", "0", "--data", data.toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(home.resolve("readme-node.err").toFile()))
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("first line of the node's output").isNotNull();
        Matcher m = LISTENING.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        port = Integer.parseInt(m.group(2));
        Matcher grpc = GRPC.matcher(String.valueOf(out.readLine()));
        assertThat(grpc.find()).as("the gRPC line").isTrue();
        grpcPort = Integer.parseInt(grpc.group(2));
    }

    @AfterAll
    static void stopNode() throws Exception {
        for (Process started : background) {
            started.destroy();
            started.waitFor(30, TimeUnit.SECONDS);
        }
        node.destroy();
        node.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * grpcurl for the README's gRPC examples: the real one where it is installed, else {@link Grpcurl}, a stand-in
     * making the same calls with grpc-java (grpcurl cannot be installed on every machine the suite runs on).
     */
    static String grpcurl(String java) throws Exception {
        Process which = new ProcessBuilder("bash", "-c", "command -v grpcurl").start();
        if (which.waitFor() == 0) {
            return "";
        }
        // protobuf and Netty reach for Unsafe and native code, which JDK 24+ warns about on every start
        String quiet = Runtime.version().feature() >= 24
                ? "--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED " : "";
        return "grpcurl() { '" + java + "' " + quiet + "-cp '" + System.getProperty("java.class.path") + "' "
                + Grpcurl.class.getName() + " \"$@\"; }\n";
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
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

    /**
     * One command of a README block (lines ending in a backslash or inside a single-quoted string joined) and the
     * {@code # →} answers that follow it.
     */
    record Example(String command, List<String> answers) {}

    static List<Example> examples(String block) {
        List<Example> examples = new ArrayList<>();
        StringBuilder command = new StringBuilder();
        for (String line : block.split("\n")) {
            if (!command.isEmpty()) {
                command.append('\n').append(line);
            } else if (line.startsWith("# → ")) {
                examples.get(examples.size() - 1).answers().add(line.substring("# → ".length()));
                continue;
            } else if (line.isBlank() || line.startsWith("#")) {
                continue;
            } else {
                command.append(line);
            }
            boolean openQuote = command.chars().filter(c -> c == '\'').count() % 2 == 1;
            if (!line.endsWith("\\") && !openQuote) {
                examples.add(new Example(command.toString(), new ArrayList<>()));
                command.setLength(0);
            }
        }
        return examples;
    }

    private static String withoutWhitespace(String text) {
        return text.replaceAll("\\s+", "");
    }

    @Test
    void everyReadmeExampleRunsAndAnswersWhatTheReadmeSays() throws Exception {
        List<String> blocks = exampleBlocks();
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(3);
        String java = ProcessHandle.current().info().command().orElse("java");
        int checked = 0;
        // each command runs in a shell of its own; the variables the README exports stay set for the rest, as they
        // would in the reader's shell
        StringBuilder exports = new StringBuilder(grpcurl(java));
        String tlsPort = Integer.toString(freePort());
        String tlsGrpcPort = Integer.toString(freePort());
        for (String block : blocks) {
            for (Example example : examples(block)) {
                // a command whose answer is checked may answer 4xx on purpose; the others must succeed
                String curl = example.answers().isEmpty() ? "curl -sS --fail-with-body " : "curl -sS ";
                String script = example.command()
                        .replace("localhost:8080", "127.0.0.1:" + port)
                        .replace("localhost:8081", "127.0.0.1:" + grpcPort)
                        .replace(TLS_PORT, tlsPort)
                        .replace(TLS_GRPC_PORT, tlsGrpcPort)
                        .replace("curl -s ", curl)
                        .replace("./tributary ", "'" + java + "' -jar '" + JAR + "' ");
                boolean inBackground = script.endsWith(" &");
                if (inBackground) {
                    // started by the test itself, so that it can be stopped: the shell would leave it running
                    script = "exec " + script.substring(0, script.length() - 2);
                }
                ProcessBuilder bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", exports + script)
                        .directory(home.toFile())
                        .redirectErrorStream(true);
                bash.environment().put("TRIBUTARY_URL", "http://127.0.0.1:" + port);
                bash.environment().remove("TRIBUTARY_TOKEN");
                bash.environment().remove("TRIBUTARY_DATA");
                if (example.command().startsWith("export ")) {
                    exports.append(example.command()).append('\n');
                }
                if (inBackground) {
                    bash.redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("background.log").toFile()));
                }
                Process p = bash.start();
                if (inBackground) {
                    background.add(p);
                    continue;
                }
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                String what = "README example:\n" + example.command() + "\noutput:\n" + output;
                assertThat(p.exitValue()).as(what).isZero();
                for (String answer : example.answers()) {
                    assertThat(withoutWhitespace(output)).as(what).contains(withoutWhitespace(answer));
                    checked++;
                }
            }
        }
        assertThat(checked).as("answers checked").isGreaterThanOrEqualTo(20);
    }
}
