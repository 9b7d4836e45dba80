package dev.tributary.server.cli;

import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --url} of the node a client command talks to. */
final class ClientOptions {
    static final String DEFAULT_URL = "http://127.0.0.1:8080";
    static final String ENV = "TRIBUTARY_URL";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "Base URL of the node (default: $TRIBUTARY_URL or " + DEFAULT_URL + ").")
    String url;

    private ApiClient created;

    /** The client of this command run (one, made on first use). */
    ApiClient client() {
        if (created == null) {
            created = newClient();
        }
        return created;
    }

    /** Stops the client's threads, so the JVM's exit does not wait for them; see {@link Cli#run}. */
    void close() {
        if (created != null) {
            created.close();
        }
    }

    private ApiClient newClient() {
        CliContext context = CliContext.of(spec);
        String value = url != null ? url : context.env().getOrDefault(ENV, DEFAULT_URL);
        URI base;
        try {
            base = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), "--url: not a URL: '" + value + "'");
        }
        if (!("http".equals(base.getScheme()) || "https".equals(base.getScheme())) || base.getHost() == null) {
            throw new ParameterException(spec.commandLine(), "--url: must be an http:// or https:// URL, was '" + value + "'");
        }
        return new ApiClient(base);
    }
}
