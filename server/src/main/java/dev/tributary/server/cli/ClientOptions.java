package dev.tributary.server.cli;

import dev.tributary.server.auth.AdminKeyFile;
import dev.tributary.server.auth.Loopback;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --url} of the node a client command talks to, and {@code --token}, the credential it sends. Without a token
 * given, a command talking to a node on this machine uses that node's first admin key from its data directory
 * ({@code $TRIBUTARY_DATA}, default {@code ./data}), so the quick start needs no set-up.
 */
final class ClientOptions {
    static final String DEFAULT_URL = "http://127.0.0.1:8080";
    static final String ENV = "TRIBUTARY_URL";
    static final String TOKEN_ENV = "TRIBUTARY_TOKEN";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "Base URL of the node (default: $TRIBUTARY_URL or " + DEFAULT_URL + ").")
    String url;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "API key or JWT to send (default: $TRIBUTARY_TOKEN, or for a node on this machine the admin"
                    + " key in $TRIBUTARY_DATA/admin.key, default ./data/admin.key).")
    String token;

    @Option(
            names = "--ca-file",
            paramLabel = "PEM",
            description = "Trust the CA certificates in this PEM file for an https --url, as well as the system's"
                    + " (default: $TRIBUTARY_CA_FILE).")
    Path caFile;

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
        Path ca = caFile != null ? caFile
                : (context.env().get("TRIBUTARY_CA_FILE") == null ? null : Path.of(context.env().get("TRIBUTARY_CA_FILE")));
        if (ca != null && !"https".equals(base.getScheme())) {
            throw new ParameterException(spec.commandLine(), "--ca-file: only means something for an https:// --url");
        }
        SSLContext tls;
        try {
            tls = ca == null ? null : TrustedCas.context(ca);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--ca-file: " + e.getMessage());
        }
        return new ApiClient(base, token(context, base), tls);
    }

    private Optional<String> token(CliContext context, URI base) {
        if (token != null) {
            return Optional.of(token);
        }
        String fromEnv = context.env().get(TOKEN_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(fromEnv.strip());
        }
        if (!Loopback.is(base.getHost())) {
            return Optional.empty();
        }
        return AdminKeyFile.read(Path.of(context.env().getOrDefault("TRIBUTARY_DATA", "data")));
    }
}
