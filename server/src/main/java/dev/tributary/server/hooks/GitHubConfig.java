package dev.tributary.server.hooks;

import java.util.List;

/**
 * GitHub webhooks: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>}, keyed with the webhook's
 * secret (docs.github.com, "Validating webhook deliveries"). GitHub signs no timestamp, so there is no tolerance.
 *
 * @param secrets the webhook secret; two while rotating
 */
public record GitHubConfig(List<HookSecret> secrets, EventOptions events) implements HookConfig {
    public GitHubConfig {
        secrets = ConfigRules.secrets("secrets", secrets);
        events = events == null ? EventOptions.none() : events;
    }

    @Override
    public String provider() {
        return "github";
    }
}
