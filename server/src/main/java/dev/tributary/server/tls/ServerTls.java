package dev.tributary.server.tls;

import dev.tributary.server.config.WatchedFiles;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The TLS options of a listener, built from the PEM files of {@link TlsSettings}, and whether those files changed
 * since they were read: TLS 1.2 and 1.3 only, the node's certificate chain and key, and, for mutual TLS, the client
 * CA. Not thread-safe: each listener keeps its own and checks it on its event loop.
 */
public final class ServerTls {
    static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

    private final TlsSettings settings;
    private final WatchedFiles watched;

    public ServerTls(TlsSettings settings) {
        this.settings = settings;
        requireReadable(settings.certificate(), "tls-cert");
        requireReadable(settings.key(), "tls-key");
        settings.clientCa().ifPresent(ca -> requireReadable(ca, "tls-client-ca"));
        this.watched = new WatchedFiles(files());
        watched.read(watched.times());
    }

    /** The options for the files as they are now. */
    public ServerSSLOptions options() {
        ServerSSLOptions options = new ServerSSLOptions()
                .setEnabledSecureTransportProtocols(PROTOCOLS)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(settings.certificate().toString())
                        .setKeyPath(settings.key().toString()));
        settings.clientCa().ifPresent(ca -> options
                .setTrustOptions(new PemTrustOptions().addCertPath(ca.toString()))
                .setClientAuth(settings.clientCertificateRequired() ? ClientAuth.REQUIRED : ClientAuth.REQUEST));
        return options;
    }

    /**
     * Whether a file changed since the last call (or since construction); remembers the new times. A reload that
     * fails keeps the options in use, and the next change is tried again.
     */
    public boolean changed() {
        if (!watched.changed()) {
            return false;
        }
        watched.read(watched.times());
        return true;
    }

    private List<Path> files() {
        List<Path> files = new ArrayList<>(List.of(settings.certificate(), settings.key()));
        settings.clientCa().ifPresent(files::add);
        return files;
    }

    private static void requireReadable(Path file, String key) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(key + ": cannot read " + file.toAbsolutePath());
        }
    }
}
