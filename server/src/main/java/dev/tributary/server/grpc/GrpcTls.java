package dev.tributary.server.grpc;

import dev.tributary.server.tls.ServerTls;
import dev.tributary.server.tls.TlsSettings;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.net.ServerSSLOptions;
import java.util.Arrays;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The gRPC listener's TLS: the same PEM files, read the same way (Vert.x's PEM reader, so every key format HTTPS takes
 * works here too), the same protocols (TLS 1.2 and 1.3 only) and the same client-certificate rule as HTTPS. The
 * context is built once around a {@link RotatingKeyManager} and a {@link RotatingTrustManager}; {@link #reload} swaps
 * what they hold when the files change, so new connections get the new certificate without a restart. Files that do
 * not load leave the last good ones in place, and are tried again at the next change.
 *
 * <p>{@link #reload} is called from one thread (the server's timer); the managers are read by handshakes on any.
 */
final class GrpcTls {
    private static final System.Logger LOG = System.getLogger(GrpcTls.class.getName());
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final Vertx vertx;
    private final ServerTls files;
    private final RotatingKeyManager keys;
    private final RotatingTrustManager clients;
    private final SslContext context;

    /** @throws IllegalArgumentException naming the setting whose file cannot be read or loaded */
    GrpcTls(TlsSettings settings, Vertx vertx) {
        this.vertx = vertx;
        this.files = new ServerTls(settings);
        ServerSSLOptions options = files.options();
        try {
            keys = new RotatingKeyManager(keyManager(options));
            clients = options.getTrustOptions() == null ? null : new RotatingTrustManager(trustManager(options));
        } catch (Exception e) {
            throw new IllegalArgumentException("tls-cert, tls-key, tls-client-ca: cannot load the PEM files for gRPC: "
                    + e.getMessage(), e);
        }
        SslContextBuilder builder = GrpcSslContexts.configure(SslContextBuilder.forServer(keys)).protocols(PROTOCOLS);
        if (clients != null) {
            builder.trustManager(clients)
                    .clientAuth(settings.clientCertificateRequired() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
        }
        try {
            context = builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the gRPC TLS context: " + e.getMessage(), e);
        }
    }

    SslContext context() {
        return context;
    }

    /** Loads the files again if they changed since the last look. Blocking (file reads). */
    void reload() {
        if (!files.changed()) {
            return;
        }
        try {
            ServerSSLOptions options = files.options();
            X509ExtendedKeyManager newKeys = keyManager(options);
            X509ExtendedTrustManager newClients = clients == null ? null : trustManager(options);
            keys.rotate(newKeys);
            if (newClients != null) {
                clients.rotate(newClients);
            }
            LOG.log(System.Logger.Level.INFO, "gRPC TLS certificate reloaded");
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "the changed TLS files do not load; gRPC serves the previous ones: "
                    + e.getMessage());
        }
    }

    private X509ExtendedKeyManager keyManager(ServerSSLOptions options) throws Exception {
        KeyManager[] managers = options.getKeyCertOptions().getKeyManagerFactory(vertx).getKeyManagers();
        return Arrays.stream(managers).filter(m -> m instanceof X509ExtendedKeyManager)
                .map(m -> (X509ExtendedKeyManager) m).findFirst()
                .orElseThrow(() -> new IllegalStateException("no X.509 key manager for " + options.getKeyCertOptions()));
    }

    private X509ExtendedTrustManager trustManager(ServerSSLOptions options) throws Exception {
        TrustManager[] managers = options.getTrustOptions().getTrustManagerFactory(vertx).getTrustManagers();
        return Arrays.stream(managers).filter(m -> m instanceof X509ExtendedTrustManager)
                .map(m -> (X509ExtendedTrustManager) m).findFirst()
                .orElseThrow(() -> new IllegalStateException("no X.509 trust manager for the client CA"));
    }
}
