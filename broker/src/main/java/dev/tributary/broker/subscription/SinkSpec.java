package dev.tributary.broker.subscription;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.InvalidFieldException;
import dev.tributary.core.Names;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a subscription delivers: an HTTP(S) endpoint, or another bus of this node (forwarding, fan-in). Immutable
 * values.
 *
 * <p>JSON, in the CloudEvents Subscriptions API's members: {@code "sink": "https://…"} with {@code "protocol":
 * "HTTP"} (the default), {@code "protocolsettings": {"mode": "binary"|"structured", "headers": {…}}} and
 * {@code "sinkcredential": {"type": "bearer", "token": …}} or {@code {"type": "basic", "username": …, "password": …}};
 * or {@code "sink": "bus:<name>"} to forward to a bus.
 */
public sealed interface SinkSpec {
    /** CloudEvents HTTP content mode of a delivery: attributes in {@code ce-*} headers, or one JSON document. */
    enum Mode {
        BINARY,
        STRUCTURED
    }

    /** An HTTP(S) endpoint; requests are POSTs. Headers never override the CloudEvents or signature headers. */
    record Http(URI uri, Mode mode, Map<String, String> headers, Credential credential) implements SinkSpec {
        public Http {
            headers = Map.copyOf(headers);
        }
    }

    /** Forward to another bus of this node. */
    record Bus(String bus) implements SinkSpec {}

    /** How a request to the sink authenticates. */
    sealed interface Credential {
        record None() implements Credential {}

        record Bearer(String token) implements Credential {}

        record Basic(String username, String password) implements Credential {}
    }

    Set<String> SETTINGS = Set.of("mode", "headers");
    /** How a credential's secret is shown; sent back in an update, it keeps the stored secret. */
    String REDACTED = "***";
    // Set by the dispatcher on every request; a subscription must not be able to forge them.
    List<String> RESERVED_HEADER_PREFIXES = List.of("ce-", "webhook-", "content-", "host", "authorization");

    /** Reads the sink members of a subscription object. */
    static SinkSpec from(Fields fields) {
        String text = fields.requiredText("sink");
        String protocol = fields.choice("protocol", "HTTP", List.of("HTTP"));
        if (text.startsWith("bus:")) {
            String bus = text.substring(4);
            if (!Names.isBusName(bus)) {
                throw new InvalidFieldException("sink", "bus:<name> needs a bus name of 1-64 characters a-z 0-9 _ -, was \"" + text + "\"");
            }
            if (fields.has("protocolsettings") || fields.has("sinkcredential")) {
                throw new InvalidFieldException(fields.has("protocolsettings") ? "protocolsettings" : "sinkcredential",
                        "applies to HTTP sinks only, not to bus:" + bus);
            }
            return new Bus(bus);
        }
        URI uri = httpUri(text);
        Fields settings = fields.has("protocolsettings")
                ? Fields.of(fields.node("protocolsettings"), "protocolsettings", SETTINGS).rejectUnknown()
                : null;
        Mode mode = settings == null ? Mode.BINARY
                : Mode.valueOf(settings.choice("mode", "binary", List.of("binary", "structured")).toUpperCase(Locale.ROOT));
        Map<String, String> headers = settings == null ? Map.of() : settings.textMap("headers");
        headers.forEach(SinkSpec::checkHeader);
        return new Http(uri, mode, headers, credential(fields));
    }

    private static URI httpUri(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidFieldException("sink", "is not a valid URI: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidFieldException("sink", "must be an http:// or https:// URL or bus:<name>, was \"" + text + "\"");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidFieldException("sink", "needs a host, was \"" + text + "\"");
        }
        if (uri.getUserInfo() != null) {
            throw new InvalidFieldException("sink", "must not carry credentials in the URL; use sinkcredential");
        }
        return uri;
    }

    private static void checkHeader(String name, String value) {
        String field = "protocolsettings.headers." + name;
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new InvalidFieldException(field, "must not contain line breaks");
        }
        if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            throw new InvalidFieldException(field, "is not a valid HTTP header name");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (String reserved : RESERVED_HEADER_PREFIXES) {
            if (lower.startsWith(reserved)) {
                throw new InvalidFieldException(field, "is set by Tributary on every delivery and cannot be configured");
            }
        }
    }

    private static Credential credential(Fields fields) {
        if (!fields.has("sinkcredential")) {
            return new Credential.None();
        }
        Fields c = Fields.of(fields.node("sinkcredential"), "sinkcredential", Set.of("type", "token", "username", "password"))
                .rejectUnknown();
        return switch (c.choice("type", null, List.of("bearer", "basic"))) {
            case "bearer" -> new Credential.Bearer(c.requiredText("token"));
            case "basic" -> new Credential.Basic(c.requiredText("username"), c.text("password", ""));
            case null -> throw new InvalidFieldException("sinkcredential.type", "is required: bearer or basic");
            default -> throw new IllegalStateException();
        };
    }

    /**
     * Writes the sink members into a subscription object; with {@code redact} the credential's secrets are shown as
     * {@code "***"} (what the API answers: a credential is write-only).
     */
    default void writeTo(ObjectNode out, boolean redact) {
        switch (this) {
            case Bus b -> out.put("sink", "bus:" + b.bus());
            case Http h -> {
                out.put("sink", h.uri().toString());
                out.put("protocol", "HTTP");
                ObjectNode settings = out.putObject("protocolsettings");
                settings.put("mode", h.mode().name().toLowerCase(Locale.ROOT));
                ObjectNode headers = settings.putObject("headers");
                h.headers().forEach(headers::put);
                switch (h.credential()) {
                    case Credential.None n -> {}
                    case Credential.Bearer b -> out.putObject("sinkcredential")
                            .put("type", "bearer")
                            .put("token", redact ? REDACTED : b.token());
                    case Credential.Basic b -> out.putObject("sinkcredential")
                            .put("type", "basic")
                            .put("username", b.username())
                            .put("password", redact ? REDACTED : b.password());
                }
            }
        }
    }
}
