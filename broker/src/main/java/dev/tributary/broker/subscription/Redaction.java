package dev.tributary.broker.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.InvalidFieldException;

/**
 * Puts the stored secrets back into a definition that was edited from the API's redacted form: a credential sent
 * as {@code "***"} means "keep the stored one", and the k-th signing secret sent as {@code "whsec_***"} means "keep
 * the k-th stored secret". So a
 * client can GET a subscription, change one member and PUT it back without ever holding its secrets. Stateless.
 */
final class Redaction {
    private Redaction() {}

    /**
     * A copy of {@code incoming} with the redacted values replaced from {@code stored} (the unredacted stored form).
     *
     * @throws InvalidFieldException if a redacted value has no stored counterpart
     */
    static JsonNode restore(JsonNode incoming, JsonNode stored) {
        if (!incoming.isObject()) {
            return incoming;
        }
        ObjectNode out = incoming.deepCopy();
        for (String member : new String[] {"token", "password"}) {
            JsonNode credential = out.path("sinkcredential");
            if (credential.isObject() && SinkSpec.REDACTED.equals(credential.path(member).asText(null))) {
                JsonNode kept = stored.path("sinkcredential").path(member);
                if (!kept.isTextual()) {
                    throw new InvalidFieldException("sinkcredential." + member, "is redacted, but none is stored to keep");
                }
                ((ObjectNode) credential).set(member, kept);
            }
        }
        JsonNode secrets = out.path("signing").path("secrets");
        if (secrets.isArray()) {
            // The k-th redacted secret keeps the k-th stored one, so a new secret can be put in front of them
            // (rotation) and the last ones dropped, all without knowing any of them.
            int kept = 0;
            for (int i = 0; i < secrets.size(); i++) {
                if (SubscriptionSpec.REDACTED_SECRET.equals(secrets.get(i).asText(null))) {
                    JsonNode secret = stored.path("signing").path("secrets").path(kept++);
                    if (!secret.isTextual()) {
                        throw new InvalidFieldException("signing.secrets[" + i + "]",
                                "is redacted, but only " + (kept - 1) + " secrets are stored to keep");
                    }
                    ((ArrayNode) secrets).set(i, secret);
                }
            }
        }
        return out;
    }
}
