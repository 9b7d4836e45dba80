package dev.tributary.server.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.InvalidFieldException;
import dev.tributary.core.delivery.WebhookSecret;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The JSON form of {@link HookConfig}: reading (members checked, unknown ones refused, redacted secrets restored from
 * the stored configuration) and writing (every default spelled out, secrets redacted on request). Stateless.
 */
final class HookConfigJson {
    private static final Set<String> COMMON = Set.of("provider", "type", "source", "extensions");
    private static final String ANY_RATE = "*";

    private HookConfigJson() {}

    static HookConfig read(JsonNode json, HookConfig stored) {
        ConfigReader in = ConfigReader.of(json);
        String provider = in.choice("provider", null, HookConfig.PROVIDERS);
        if (provider == null) {
            throw new InvalidFieldException(
                    "provider", "is required: one of " + String.join(", ", HookConfig.PROVIDERS));
        }
        // Redacted secrets are restored only from a stored configuration of the same provider: a GitHub secret must
        // not quietly become a Stripe one.
        List<String> kept = stored != null && stored.provider().equals(provider) ? secretTexts(stored) : List.of();
        return switch (provider) {
            case "github" -> {
                in.rejectUnknown(members("secrets"));
                yield new GitHubConfig(secrets(in, "secrets", kept, HookSecret::of), events(in));
            }
            case "stripe" -> {
                in.rejectUnknown(members("secrets", "tolerance"));
                yield new StripeConfig(secrets(in, "secrets", kept, HookSecret::of),
                        in.duration("tolerance", HookConfig.DEFAULT_TOLERANCE), events(in));
            }
            case "standard-webhooks" -> {
                in.rejectUnknown(members("secrets", "tolerance", "defaultType"));
                yield new StandardWebhooksConfig(secrets(in, "secrets", kept, WebhookSecret::parse),
                        in.duration("tolerance", HookConfig.DEFAULT_TOLERANCE), in.text("defaultType"), events(in));
            }
            case "shopify" -> {
                in.rejectUnknown(members("secrets"));
                yield new ShopifyConfig(secrets(in, "secrets", kept, HookSecret::of), events(in));
            }
            case "slack" -> {
                in.rejectUnknown(members("secrets", "tolerance"));
                yield new SlackConfig(secrets(in, "secrets", kept, HookSecret::of),
                        in.duration("tolerance", HookConfig.DEFAULT_TOLERANCE), events(in));
            }
            case "hmac" -> hmac(in, kept);
            case "cloudevents" -> cloudEvents(in, kept);
            default -> throw new IllegalStateException("provider without a reader: " + provider);
        };
    }

    private static HmacConfig hmac(ConfigReader in, List<String> kept) {
        in.rejectUnknown(members("secrets", "header", "algorithm", "encoding", "prefix", "signedContent",
                "timestampHeader", "tolerance", "idHeader"));
        if (in.has("tolerance") && !in.has("timestampHeader")) {
            throw new InvalidFieldException("tolerance", "applies only with timestampHeader");
        }
        String algorithm = in.choice("algorithm", "sha256", List.of("sha1", "sha256", "sha512"));
        String encoding = in.choice("encoding", "hex", List.of("hex", "base64"));
        return new HmacConfig(
                secrets(in, "secrets", kept, HookSecret::of),
                in.requiredText("header", "the request header that carries the signature"),
                HmacConfig.Algorithm.valueOf(algorithm.toUpperCase(Locale.ROOT)),
                HmacConfig.Encoding.valueOf(encoding.toUpperCase(Locale.ROOT)),
                in.text("prefix").orElse(""),
                in.text("signedContent").orElse(HmacConfig.DEFAULT_SIGNED_CONTENT),
                in.text("timestampHeader"),
                in.duration("tolerance", HookConfig.DEFAULT_TOLERANCE),
                in.text("idHeader"),
                events(in));
    }

    private static CloudEventsConfig cloudEvents(ConfigReader in, List<String> kept) {
        in.rejectUnknown(members("tokens", "allowedOrigins", "allowedRate"));
        // "*" (no limit) is how an unset rate is written, so it reads back as unset.
        OptionalInt rate = in.isText("allowedRate", ANY_RATE) ? OptionalInt.empty() : in.integer("allowedRate");
        return new CloudEventsConfig(
                secrets(in, "tokens", kept, HookSecret::of), in.texts("allowedOrigins"), rate, events(in));
    }

    private static Set<String> members(String... specific) {
        return Stream.concat(COMMON.stream(), Stream.of(specific)).collect(Collectors.toUnmodifiableSet());
    }

    private static <T> List<T> secrets(ConfigReader in, String member, List<String> kept, Function<String, T> parse) {
        List<String> texts = in.texts(member);
        List<T> secrets = new ArrayList<>(texts.size());
        int restored = 0;
        for (int i = 0; i < texts.size(); i++) {
            String field = member + "[" + i + "]";
            String text = texts.get(i);
            if (HookConfig.REDACTED.equals(text)) {
                // The k-th redacted secret keeps the k-th stored one, so ["<new>", "***"] rotates.
                if (restored >= kept.size()) {
                    throw new InvalidFieldException(field, "is redacted, but " + (kept.isEmpty()
                            ? "no secret of this provider is stored to keep"
                            : "only " + kept.size() + " stored secrets are there to keep"));
                }
                text = kept.get(restored++);
            }
            try {
                secrets.add(parse.apply(text));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException(field, e.getMessage());
            }
        }
        return secrets;
    }

    private static EventOptions events(ConfigReader in) {
        return new EventOptions(in.text("type"), in.text("source"), in.textMap("extensions"));
    }

    private static List<String> secretTexts(HookConfig config) {
        return switch (config) {
            case GitHubConfig c -> c.secrets().stream().map(HookSecret::text).toList();
            case StripeConfig c -> c.secrets().stream().map(HookSecret::text).toList();
            case StandardWebhooksConfig c -> c.secrets().stream().map(WebhookSecret::encoded).toList();
            case ShopifyConfig c -> c.secrets().stream().map(HookSecret::text).toList();
            case SlackConfig c -> c.secrets().stream().map(HookSecret::text).toList();
            case HmacConfig c -> c.secrets().stream().map(HookSecret::text).toList();
            case CloudEventsConfig c -> c.tokens().stream().map(HookSecret::text).toList();
        };
    }

    static ObjectNode write(HookConfig config, boolean redact) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("provider", config.provider());
        ArrayNode secrets = out.putArray(config instanceof CloudEventsConfig ? "tokens" : "secrets");
        for (String secret : secretTexts(config)) {
            secrets.add(redact ? HookConfig.REDACTED : secret);
        }
        switch (config) {
            case GitHubConfig c -> {}
            case ShopifyConfig c -> {}
            case StripeConfig c -> out.put("tolerance", c.tolerance().toString());
            case SlackConfig c -> out.put("tolerance", c.tolerance().toString());
            case StandardWebhooksConfig c -> {
                out.put("tolerance", c.tolerance().toString());
                c.defaultType().ifPresent(t -> out.put("defaultType", t));
            }
            case HmacConfig c -> {
                out.put("header", c.header());
                out.put("algorithm", c.algorithm().jsonName());
                out.put("encoding", c.encoding().jsonName());
                out.put("prefix", c.prefix());
                out.put("signedContent", c.signedContent());
                c.timestampHeader().ifPresent(h -> {
                    out.put("timestampHeader", h);
                    out.put("tolerance", c.tolerance().toString());
                });
                c.idHeader().ifPresent(h -> out.put("idHeader", h));
            }
            case CloudEventsConfig c -> {
                ArrayNode origins = out.putArray("allowedOrigins");
                c.allowedOrigins().forEach(origins::add);
                if (c.allowedRate().isPresent()) {
                    out.put("allowedRate", c.allowedRate().getAsInt());
                } else {
                    out.put("allowedRate", ANY_RATE);
                }
            }
        }
        config.events().type().ifPresent(t -> out.put("type", t));
        config.events().source().ifPresent(s -> out.put("source", s));
        ObjectNode extensions = out.putObject("extensions");
        config.events().extensions().forEach(extensions::put);
        return out;
    }
}
