package dev.tributary.broker.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.InvalidFieldException;
import dev.tributary.core.Names;
import dev.tributary.core.delivery.WebhookSecret;
import dev.tributary.core.transform.Transform;
import dev.tributary.core.filter.EvaluationErrors;
import dev.tributary.core.filter.Filter;
import io.cloudevents.CloudEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a user defines when subscribing to a bus: which events (source, types, filters), where they go (sink), and how
 * (delivery policy), from where in the bus (start position). The member names are the CloudEvents Subscriptions
 * API's ({@code id}, {@code source}, {@code types}, {@code filters}, {@code sink}, {@code protocol},
 * {@code protocolsettings}, {@code sinkcredential}, {@code config}) plus Tributary's {@code delivery} and
 * {@code startAt}. Immutable and thread-safe; {@link #matches} never throws.
 *
 * @param id 1–60 characters {@code a-z 0-9 _ -} starting with a letter or digit (room for the {@code -dlq} suffix)
 * @param bus the bus subscribed to
 * @param source events of this {@code source} only, or {@code null} for any
 * @param types events of these types only, or empty for any
 * @param filters the compiled {@code filters} array (all must hold)
 * @param config free-form string settings, kept for the user (Subscriptions API {@code config})
 * @param transform reshapes each event before it is sent (template, JSONata, attributes); an event it fails on is
 *     dead-lettered with the reason
 * @param signing the Standard Webhooks secrets an HTTP sink's requests are signed with, newest first; several during
 *     a rotation (each request then carries one signature per secret); empty for other sinks
 */
public record SubscriptionSpec(
        String id,
        String bus,
        String source,
        List<String> types,
        Filter filters,
        SinkSpec sink,
        Map<String, String> config,
        DeliveryPolicy delivery,
        StartPosition startAt,
        List<WebhookSecret> signing,
        Optional<Transform> transform) {

    // The read-only members of the answered form are accepted and ignored, so that what GET answers can be edited and
    // sent back with PUT.
    private static final Set<String> MEMBERS = Set.of("id", "bus", "source", "types", "filters", "sink", "protocol",
            "protocolsettings", "sinkcredential", "config", "transform", "delivery", "startAt", "signing",
            "state", "pausedReason", "circuit", "revision", "createdAt", "updatedAt");

    public SubscriptionSpec {
        types = List.copyOf(types);
        config = Map.copyOf(config);
        signing = List.copyOf(signing);
    }

    /** How many secrets a rotation may keep at once. */
    static final int MAX_SECRETS = 5;

    /** This definition with {@code secrets} to sign with. */
    public SubscriptionSpec withSigning(List<WebhookSecret> secrets) {
        return new SubscriptionSpec(id, bus, source, types, filters, sink, config, delivery, startAt, secrets, transform);
    }

    /** Whether {@code event} is one this subscription wants. */
    public boolean matches(CloudEvent event) {
        return (source == null || source.equals(event.getSource().toString()))
                && (types.isEmpty() || types.contains(event.getType()))
                && filters.matches(event);
    }

    /**
     * Reads and checks a definition.
     *
     * @param generatedId used when the definition has no {@code id}
     * @param errors told about filter evaluation errors later, when events are matched
     * @throws InvalidFieldException naming the first offending member, e.g. {@code delivery.backoff.factor}
     */
    public static SubscriptionSpec fromJson(JsonNode json, String generatedId, EvaluationErrors errors) {
        Fields f = Fields.of(json, "", MEMBERS).rejectUnknown();
        String id = f.text("id", generatedId);
        if (!Names.isSubscriptionId(id)) {
            throw new InvalidFieldException("id", "must be 1-" + Names.MAX_SUBSCRIPTION_ID
                    + " characters a-z 0-9 _ - starting with a letter or digit, was \"" + id + "\"");
        }
        String bus = f.requiredText("bus");
        if (!Names.isBusName(bus)) {
            throw new InvalidFieldException("bus", "must be a bus name of 1-64 characters a-z 0-9 _ - starting with a letter or digit, was \"" + bus + "\"");
        }
        SinkSpec sink = SinkSpec.from(f);
        return new SubscriptionSpec(
                id,
                bus,
                f.text("source", null),
                f.texts("types"),
                Filter.parse(f.node("filters"), "filters", errors),
                sink,
                f.textMap("config"),
                DeliveryPolicy.fromJson(f.node("delivery"), id, errors),
                StartPosition.fromJson(f.node("startAt"), "startAt"),
                signing(f, sink),
                f.has("transform") ? Optional.of(Transform.parse(f.node("transform"), "transform")) : Optional.empty());
    }

    /** {@code "signing": {"secrets": ["whsec_…", …]}}. */
    private static List<WebhookSecret> signing(Fields f, SinkSpec sink) {
        if (!f.has("signing")) {
            return List.of();
        }
        if (!(sink instanceof SinkSpec.Http)) {
            throw new InvalidFieldException("signing", "applies to HTTP sinks only");
        }
        Fields signing = Fields.of(f.node("signing"), "signing", Set.of("secrets")).rejectUnknown();
        List<String> texts = signing.texts("secrets");
        if (texts.size() > MAX_SECRETS) {
            throw new InvalidFieldException("signing.secrets", "holds at most " + MAX_SECRETS + " secrets, was " + texts.size());
        }
        List<WebhookSecret> secrets = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            try {
                secrets.add(WebhookSecret.parse(texts.get(i)));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("signing.secrets[" + i + "]", e.getMessage());
            }
        }
        return secrets;
    }

    /** How a signing secret is shown by the API; sent back in an update, it keeps the stored secret at its place. */
    public static final String REDACTED_SECRET = WebhookSecret.PREFIX + SinkSpec.REDACTED;

    /**
     * The definition as JSON, every default spelled out. With {@code redact}, credentials show as {@code "***"}: the
     * form the API answers. Without, the form that is stored and that {@link #fromJson} reads back.
     */
    public ObjectNode toJson(boolean redact) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", id);
        out.put("bus", bus);
        if (source != null) {
            out.put("source", source);
        }
        var typesJson = out.putArray("types");
        types.forEach(typesJson::add);
        out.set("filters", filters.toJson());
        sink.writeTo(out, redact);
        ObjectNode configJson = out.putObject("config");
        config.forEach(configJson::put);
        out.set("delivery", delivery.toJson());
        out.set("startAt", startAt.toJson());
        transform.ifPresent(t -> out.set("transform", t.toJson()));
        if (!signing.isEmpty()) {
            var secrets = out.putObject("signing").putArray("secrets");
            signing.forEach(secret -> secrets.add(redact ? REDACTED_SECRET : secret.encoded()));
        }
        return out;
    }
}
