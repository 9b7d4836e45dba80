package dev.tributary.server.hooks;

import java.net.URI;

/**
 * GitHub deliveries as events (docs.github.com, "Webhook events and payloads"):
 *
 * <pre>
 * id       X-GitHub-Delivery (the delivery's GUID, the same on redelivery); else the body's SHA-256
 * type     com.github.&lt;X-GitHub-Event&gt;[.&lt;action&gt;]   com.github.pull_request.opened, com.github.push
 * source   https://github.com/&lt;repository.full_name&gt;, else https://github.com/&lt;organization.login&gt;,
 *          else /hooks/&lt;name&gt;
 * subject  repository.full_name
 * time     the receive time (GitHub sends no delivery timestamp)
 * </pre>
 *
 * JSON and form-encoded ({@code payload=<json>}) deliveries read alike.
 */
final class GitHubMapping implements ProviderMapping {
    static final String DELIVERY = "X-GitHub-Delivery";
    static final String EVENT = "X-GitHub-Event";

    @Override
    public String id(HookRequest request, Payload payload) {
        String delivery = request.headers().first(DELIVERY);
        return delivery == null || delivery.isBlank() ? payload.sha256Hex() : delivery.strip();
    }

    @Override
    public String type(HookRequest request, Payload payload) {
        String event = ProviderMapping.segment(EVENT, request.headers().first(EVENT));
        String action = payload.text("action");
        return "com.github." + event + (action == null ? "" : "." + ProviderMapping.segment("action", action));
    }

    @Override
    public URI source(HookRequest request, Payload payload) {
        String owner = payload.text("repository", "full_name");
        owner = owner != null ? owner : payload.text("organization", "login");
        return owner == null ? null : ProviderMapping.uri("https://github.com/" + owner);
    }

    @Override
    public String subject(HookRequest request, Payload payload) {
        return payload.text("repository", "full_name");
    }
}
