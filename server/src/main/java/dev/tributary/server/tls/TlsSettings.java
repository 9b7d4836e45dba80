package dev.tributary.server.tls;

import java.nio.file.Path;
import java.util.Optional;

/**
 * HTTPS for the node's listeners, from PEM files that are re-read when they change (no restart).
 *
 * @param certificate the certificate chain, leaf first ({@code tls-cert})
 * @param key its private key, PKCS#8 or PKCS#1 ({@code tls-key})
 * @param clientCa the CA whose client certificates are accepted, for mutual TLS ({@code tls-client-ca}, default none)
 * @param clientCertificateRequired whether a client without a certificate is refused during the handshake
 *     ({@code tls-client-auth}: {@code optional}, the default, lets it authenticate with a key instead, or
 *     {@code required})
 * @param clientScopes a JSON file mapping client certificate subjects to scopes
 *     ({@code tls-client-scopes}, such as {@code {"CN=billing,O=Acme": ["publish:invoices"]}}); a certificate whose
 *     subject is not in it grants nothing
 */
public record TlsSettings(Path certificate, Path key, Optional<Path> clientCa, boolean clientCertificateRequired,
        Optional<Path> clientScopes) {

    public TlsSettings {
        if (certificate == null || key == null) {
            throw new IllegalArgumentException("tls-cert and tls-key must be given together");
        }
        clientCa = clientCa == null ? Optional.empty() : clientCa;
        clientScopes = clientScopes == null ? Optional.empty() : clientScopes;
        if (clientCa.isEmpty() && (clientCertificateRequired || clientScopes.isPresent())) {
            throw new IllegalArgumentException("tls-client-ca must be given with tls-client-auth and tls-client-scopes");
        }
    }

    /** The settings when {@code tls-cert} or {@code tls-key} is given, or none (plain HTTP). */
    public static Optional<TlsSettings> of(String certificate, String key, String clientCa, String clientAuth,
            String clientScopes) {
        if (certificate == null && key == null) {
            if (clientCa != null || clientAuth != null || clientScopes != null) {
                throw new IllegalArgumentException("tls-cert and tls-key must be given for tls-client-* to mean anything");
            }
            return Optional.empty();
        }
        if (certificate == null || key == null) {
            throw new IllegalArgumentException("tls-cert and tls-key must be given together");
        }
        boolean required = switch (clientAuth == null ? "optional" : clientAuth.strip()) {
            case "optional" -> false;
            case "required" -> true;
            default -> throw new IllegalArgumentException("tls-client-auth must be optional or required, was " + clientAuth);
        };
        return Optional.of(new TlsSettings(Path.of(certificate), Path.of(key),
                Optional.ofNullable(clientCa).map(Path::of), required, Optional.ofNullable(clientScopes).map(Path::of)));
    }
}
