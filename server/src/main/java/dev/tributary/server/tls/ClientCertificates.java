package dev.tributary.server.tls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.server.auth.Principal;
import dev.tributary.server.auth.Scope;
import dev.tributary.server.config.WatchedFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * Maps the subjects of verified client certificates (mutual TLS) to scopes, from a JSON file
 * ({@code {"CN=billing,O=Acme": ["publish:invoices"]}}) that is re-read when it changes. Subjects are compared in
 * their RFC 2253 form, so spacing and case of attribute names do not matter. Thread-safe.
 */
public final class ClientCertificates {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Optional<Path> file;
    private final WatchedFiles watched;
    private volatile Map<String, List<Scope>> scopes = Map.of();

    public ClientCertificates(Optional<Path> file) {
        this.file = file;
        this.watched = new WatchedFiles(file.stream().toList());
        file.ifPresent(f -> scopes = load(f));
    }

    /** The principal of a verified certificate, if its subject is mapped; re-reads a changed mapping first. */
    public Optional<Principal> principal(X509Certificate certificate) {
        if (file.isEmpty()) {
            return Optional.empty();
        }
        refresh();
        String subject = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
        List<Scope> granted = scopes.get(subject);
        return granted == null ? Optional.empty() : Optional.of(new Principal(subject, "certificate", granted));
    }

    private void refresh() {
        if (watched.changed()) {
            try {
                scopes = load(file.get());
            } catch (IllegalArgumentException e) {
                // keep the mapping read last; a file being rewritten reads as broken for a moment
            }
        }
    }

    private Map<String, List<Scope>> load(Path path) {
        JsonNode root;
        List<FileTime> times = watched.times();
        try {
            root = JSON.readTree(path.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("tls-client-scopes: cannot read " + path + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("tls-client-scopes: " + path + " must hold a JSON object of subject"
                    + " to an array of scopes");
        }
        java.util.HashMap<String, List<Scope>> map = new java.util.HashMap<>();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            String subject;
            try {
                subject = new X500Principal(entry.getKey()).getName(X500Principal.RFC2253);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tls-client-scopes: \"" + entry.getKey() + "\" is not a subject"
                        + " such as CN=billing,O=Acme");
            }
            if (!entry.getValue().isArray()) {
                throw new IllegalArgumentException("tls-client-scopes: \"" + entry.getKey() + "\" must map to an array"
                        + " of scopes");
            }
            List<Scope> granted = new ArrayList<>();
            for (JsonNode scope : entry.getValue()) {
                try {
                    granted.add(Scope.parse(scope.asText()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("tls-client-scopes: \"" + entry.getKey() + "\": " + e.getMessage());
                }
            }
            map.put(subject, List.copyOf(granted));
        }
        watched.read(times);
        return Map.copyOf(map);
    }
}
