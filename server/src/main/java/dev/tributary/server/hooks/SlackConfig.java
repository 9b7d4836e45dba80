package dev.tributary.server.hooks;

import java.time.Duration;
import java.util.List;

/**
 * Slack requests (Events API, interactivity, slash commands): {@code X-Slack-Signature: v0=<hex>}, an HMAC-SHA256 of
 * {@code "v0:" + X-Slack-Request-Timestamp + ":" + body} keyed with the app's signing secret (api.slack.com,
 * "Verifying requests from Slack").
 *
 * @param secrets the app's signing secret; two while rotating
 * @param tolerance how far the request timestamp may be from the receive time, either way (default PT5M, as Slack
 *     recommends; PT1S..PT1H)
 */
public record SlackConfig(List<HookSecret> secrets, Duration tolerance, EventOptions events) implements HookConfig {
    public SlackConfig {
        secrets = ConfigRules.secrets("secrets", secrets);
        tolerance = ConfigRules.tolerance("tolerance", tolerance);
        events = events == null ? EventOptions.none() : events;
    }

    @Override
    public String provider() {
        return "slack";
    }
}
