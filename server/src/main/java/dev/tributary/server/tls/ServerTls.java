package dev.tributary.server.tls;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
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
    private List<FileTime> read;

    public ServerTls(TlsSettings settings) {
        this.settings = settings;
        requireReadable(settings.certificate(), "tls-cert");
        requireReadable(settings.key(), "tls-key");
        settings.clientCa().ifPresent(ca -> requireReadable(ca, "tls-client-ca"));
        this.read = times();
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

    /** Whether a file changed since the last call (or since construction); remembers the new times. */
    public boolean changed() {
        List<FileTime> now = times();
        if (now.equals(read)) {
            return false;
        }
        read = now;
        return true;
    }

    private List<FileTime> times() {
        List<FileTime> times = new ArrayList<>();
        for (Path file : files()) {
            try {
                times.add(Files.getLastModifiedTime(file));
            } catch (IOException e) {
                times.add(FileTime.fromMillis(0)); // mid-rename: looks changed; the reload keeps the old on failure
            }
        }
        return times;
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
